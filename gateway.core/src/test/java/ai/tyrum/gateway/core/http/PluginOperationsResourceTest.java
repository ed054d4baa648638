package ai.tyrum.gateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.InstallRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class PluginOperationsResourceTest {

  private static final String SHA = "AB".repeat(32);

  @Test
  void aCatalogInstallCarriesIdVersionGrantsApprovalAndTheActor() {
    InstallRequest request = install("{\"id\":\"echo\",\"version\":\"1.0.0\",\"grants\":[\"db:plugin\"],\"approval\":\"apr_1\"}");

    assertThat(request).isEqualTo(new InstallRequest(Optional.of("echo"), Optional.of("1.0.0"), Optional.empty(), Optional.empty(),
        List.of("db:plugin"), Optional.of("apr_1"), "token:ops"));
  }

  @Test
  void aLocalInstallCarriesTheAbsolutePathAndTheDigestInLowerCase() {
    InstallRequest request = install("{\"file\":\"/srv/jars/../plugins/echo.jar\",\"sha256\":\"" + SHA + "\"}");

    assertThat(request.file()).contains(Path.of("/srv/plugins/echo.jar"));
    assertThat(request.sha256()).contains(SHA.toLowerCase());
    assertThat(request.id()).isEmpty();
    assertThat(request.grants()).isEmpty();
    assertThat(request.approvalId()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}                                                   | /id",
      "{\"id\":\"echo\",\"file\":\"/x.jar\"}                | /file",
      "{\"id\":\"Echo\"}                                    | /id",
      "{\"id\":7}                                           | /id",
      "{\"id\":\"echo\",\"sha256\":\"" + "ab" + "\"}        | /sha256",
      "{\"id\":\"echo\",\"version\":\"\"}                   | /version",
      "{\"id\":\"echo\",\"grants\":\"db:plugin\"}           | /grants",
      "{\"id\":\"echo\",\"grants\":[\"db:plugin\",null]}    | /grants/1",
      "{\"id\":\"echo\",\"approval\":\"\"}                  | /approval",
      "{\"file\":\"plugins/echo.jar\"}                      | /file",
      "{\"file\":\"/x.jar\",\"version\":\"1.0.0\"}          | /version",
      "{\"file\":\"/x.jar\",\"sha256\":\"not-hex\"}         | /sha256",
      "{\"file\":\"/x\\u0000.jar\"}                         | /file",
      "{\"name\":\"echo\"}                                  | /name"})
  void aMalformedInstallIsRefusedWithThePointerOfTheFieldAtFault(String json, String pointer) {
    assertThatThrownBy(() -> install(json))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("invalid_request");
          assertThat(e.details()).containsExactly(pointer);
        });
  }

  @Test
  void grantAndRevokeNeedAtLeastOnePermission() {
    assertThat(PluginOperationsResource.permissions(body("{\"permissions\":[\"network.egress:api.example.com:443\"]}", "permissions")))
        .containsExactly("network.egress:api.example.com:443");
    assertThatThrownBy(() -> PluginOperationsResource.permissions(body("{\"permissions\":[]}", "permissions")))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.details()).containsExactly("/permissions"));
    assertThatThrownBy(() -> PluginOperationsResource.permissions(body("{}", "permissions")))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.details()).containsExactly("/permissions"));
  }

  @Test
  void purgeIsTrueOrFalseAndFalseWhenAbsent() {
    assertThat(PluginOperationsResource.purge(Optional.empty())).isFalse();
    assertThat(PluginOperationsResource.purge(Optional.of("false"))).isFalse();
    assertThat(PluginOperationsResource.purge(Optional.of("true"))).isTrue();
    assertThatThrownBy(() -> PluginOperationsResource.purge(Optional.of("yes")))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_request");
          assertThat(e.details()).containsExactly("purge");
        });
  }

  @Test
  void withoutAnInstallerEveryOperationIsMarketplaceUnavailable() {
    assertThatThrownBy(() -> PluginOperationsResource.installer(null))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("marketplace_unavailable");
        });
  }

  private static InstallRequest install(String json) {
    return PluginOperationsResource.installRequest(new RequestBody(object(json), PluginOperationsResource.INSTALL_FIELDS), "token:ops");
  }

  private static RequestBody body(String json, String field) {
    return new RequestBody(object(json), java.util.Set.of(field));
  }

  private static ObjectNode object(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }
}
