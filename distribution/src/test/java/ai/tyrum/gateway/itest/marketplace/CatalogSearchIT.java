package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.lib.catalog.CatalogKeys;
import ai.tyrum.gateway.spi.PluginPolicy;
import ai.tyrum.gateway.spi.PluginRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** plugin:search over the catalogs of marketplace/sources.json, in a framework with gateway.marketplace and gateway.policy. */
class CatalogSearchIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Policy as the gateway ships it: no source may be used unsigned. */
  private static final PluginPolicy DEFAULT_POLICY = () -> PluginRules.DEFAULT;

  private static GatewayFramework.Builder marketplace() {
    return GatewayFramework.builder()
        .withBundle("gateway.policy")
        .withBundle("gateway.marketplace")
        .service(PluginPolicy.class, DEFAULT_POLICY);
  }

  @Test
  void searchListsTheExamplePluginsOfTheBundledCatalogTheBuildSigned() throws Exception {
    try (GatewayFramework gateway = marketplace().start()) {
      String console = gateway.shell().run("plugin:search").assertSucceeded().console();

      assertThat(console.lines().findFirst()).hasValueSatisfying(header ->
          assertThat(header).startsWith("ID").contains("VERSION", "NAME", "DESCRIPTION", "SOURCE"));
      assertThat(console.lines().filter(line -> line.startsWith("echo ") || line.startsWith("notes ")))
          .hasSize(2)
          .allSatisfy(line -> assertThat(line).contains("1.0.0").contains("catalog/index.xml"));

      JsonNode found = JSON.readTree(gateway.shell().run("plugin:search --json ECHO").assertSucceeded().console());
      assertThat(found.path("plugins")).hasSize(1);
      JsonNode echo = found.path("plugins").get(0);
      assertThat(echo.path("id").asString()).isEqualTo("echo");
      assertThat(echo.path("bundle").asString()).isEqualTo("ai.tyrum.plugin.echo");
      assertThat(echo.path("sha256").asString()).hasSize(64);
      assertThat(echo.path("source").path("key_id").asString()).hasSize(16);
      String keyId = echo.path("source").path("key_id").asString();
      assertThat(gateway.data().resolve("marketplace/keys/" + keyId + ".pub")).exists();
      assertThat(Files.readString(gateway.data().resolve("marketplace/sources.json"))).contains("\"bundled\"", keyId);
    }
  }

  @Test
  void catalogSwappedUnderItsSignatureIsRefusedAndRecorded(@TempDir Path dir) throws Exception {
    KeyPair key = CatalogKeys.generate();
    String keyId = CatalogKeys.keyId(key.getPublic());
    Path index = dir.resolve("index.xml");
    byte[] signed = index("weather").getBytes(StandardCharsets.UTF_8);
    Files.write(index, signed);
    Files.writeString(dir.resolve("index.xml.sig"), CatalogKeys.sign(key.getPrivate(), signed));
    String sources = "{\"sources\":[{\"name\":\"mirror\",\"url\":\"" + index.toUri() + "\",\"keys\":[\"" + keyId + "\"]}]}";

    try (GatewayFramework gateway = marketplace()
        .dataFile("marketplace/sources.json", sources)
        .dataFile("marketplace/keys/" + keyId + ".pub", CatalogKeys.publicKeyPem(key.getPublic()))
        .start()) {
      assertThat(gateway.shell().run("plugin:search").assertSucceeded().console()).contains("weather");

      Files.writeString(index, index("weather-evil")); // the old .sig stays
      String console = gateway.shell().run("plugin:search").assertSucceeded().console();
      gateway.shell().run("plugin:search").assertSucceeded();

      assertThat(console).doesNotContain("weather").contains("no trusted catalog offers any plugin");
      List<JsonNode> refusals = gateway.shell().run("audit:tail --json -n 100").assertSucceeded().console().lines()
          .map(JSON::readTree)
          .filter(record -> record.path("type").asString().equals("marketplace.catalog"))
          .toList();
      assertThat(refusals).singleElement().satisfies(record -> {
        assertThat(record.path("payload").path("source").asString()).isEqualTo("mirror");
        assertThat(record.path("payload").path("reason").asString()).isEqualTo("signature_invalid");
        assertThat(record.path("payload").path("outcome").asString()).isEqualTo("refused");
      });
    }
  }

  private static String index(String id) {
    return """
        <?xml version='1.0' encoding='UTF-8'?>
        <repository xmlns="http://www.osgi.org/xmlns/repository/v1.0.0" name="mirror">
          <resource>
            <capability namespace="osgi.identity">
              <attribute name="osgi.identity" value="ai.tyrum.plugin.%1$s"/>
              <attribute name="version" value="2.0.0" type="Version"/>
            </capability>
            <capability namespace="osgi.content">
              <attribute name="size" value="100" type="Long"/>
              <attribute name="url" value="plugins/%1$s.jar"/>
              <attribute name="osgi.content" value="%2$s"/>
            </capability>
            <capability namespace="tyrum.plugin">
              <attribute name="tyrum.plugin" value="%1$s"/>
              <attribute name="name" value="Weather"/>
            </capability>
          </resource>
        </repository>
        """.formatted(id, "ab".repeat(32));
  }
}
