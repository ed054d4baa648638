package ai.tyrum.gateway.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.data.GatewayHome;
import ai.tyrum.gateway.spi.AuditException;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirSecretStoreTest {

  private static final String VALUE = "ghp_s3cr3t-value-never-shown";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-03T04:05:06.789Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private final List<Map.Entry<String, Map<String, Object>>> recorded = new ArrayList<>();
  private boolean auditFails;
  private final GatewayEvents events = (type, payload) -> {
    if (auditFails) {
      throw new AuditException("disk full", new java.io.IOException("No space left on device"));
    }
    recorded.add(Map.entry(type, payload));
    return recorded.size();
  };

  private DataDirSecretStore open() {
    return new DataDirSecretStore(new GatewayHome(dir), events, CLOCK);
  }

  private Path file() {
    return dir.resolve("secrets").resolve("secrets.json");
  }

  @Test
  void setSecretIsListedByNameAndReadByValueAfterARestart() throws Exception {
    SecretInfo set = open().set("github", "token", VALUE, "console");

    assertThat(set).isEqualTo(new SecretInfo("github", "token", CLOCK.instant(), "console"));
    DataDirSecretStore reopened = open();
    assertThat(reopened.list()).containsExactly(set);
    assertThat(reopened.value("github", "token")).contains(VALUE);
    assertThat(reopened.value("github", "other")).isEmpty();
    assertThat(set.toJson().toString()).doesNotContain(VALUE);
    assertThat(Files.readString(file())).contains("\"format\" : \"tyrum.secrets.v1\"").contains(VALUE);
  }

  @Test
  void fileIsOwnerOnly() throws Exception {
    open().set("github", "token", VALUE, "console");

    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent()))).isEqualTo("rwx------");
    }
  }

  @Test
  void setAndDeleteAreRecordedWithoutTheValue() {
    DataDirSecretStore store = open();
    store.set("github", "token", VALUE, "token:abc");
    store.set("github", "token", VALUE + "2", "console");
    store.delete("github", "token", "console");

    assertThat(recorded).extracting(Map.Entry::getKey).containsOnly("secret.changed");
    assertThat(recorded).extracting(e -> e.getValue().toString()).containsExactly(
        "{kind=set, scope=github, name=token, actor=token:abc}",
        "{kind=set, scope=github, name=token, actor=console}",
        "{kind=deleted, scope=github, name=token, actor=console}");
    assertThat(store.list()).isEmpty();
    assertThat(store.value("github", "token")).isEmpty();
  }

  @Test
  void listIsOrderedByScopeThenName() {
    DataDirSecretStore store = open();
    store.set("zeta", "a", "1", "console");
    store.set("alpha", "b", "2", "console");
    store.set("alpha", "a", "3", "console");

    assertThat(store.list()).extracting(s -> s.scope() + "/" + s.name()).containsExactly("alpha/a", "alpha/b", "zeta/a");
  }

  @Test
  void invalidScopeOrNameIsRefusedNamingTheFieldAndChangesNothing() {
    DataDirSecretStore store = open();

    refused(() -> store.set("GitHub", "token", VALUE, "console"), "invalid_secret_name", 400, "scope");
    refused(() -> store.set("../etc", "token", VALUE, "console"), "invalid_secret_name", 400, "scope");
    refused(() -> store.set("github", "api-key", VALUE, "console"), "invalid_secret_name", 400, "name");
    refused(() -> store.set("github", "a".repeat(64), VALUE, "console"), "invalid_secret_name", 400, "name");
    refused(() -> store.delete("github", "Token", "console"), "invalid_secret_name", 400, "name");

    assertThat(store.list()).isEmpty();
    assertThat(recorded).isEmpty();
    assertThat(file()).doesNotExist();
  }

  @Test
  void valueIsOneTo8KiBOfText() {
    DataDirSecretStore store = open();

    store.set("big", "exact", "x".repeat(8192), "console");
    refused(() -> store.set("big", "over", "x".repeat(8193), "console"), "value_too_large", 413, "/value");
    // counted in UTF-8 bytes: 2,731 three-byte characters are 8,193 bytes
    refused(() -> store.set("big", "wide", "\u20ac".repeat(2731), "console"), "value_too_large", 413, "/value");
    refused(() -> store.set("big", "empty", "", "console"), "invalid_secret_value", 400, "/value");
    refused(() -> store.set("big", "broken", "a\ud800b", "console"), "invalid_secret_value", 400, "/value");

    assertThat(store.list()).extracting(SecretInfo::name).containsExactly("exact");
  }

  @Test
  void deletingASecretThatIsNotSetIsNotFound() {
    refused(() -> open().delete("github", "token", "console"), "secret_not_found", 404, "name");
    assertThat(recorded).isEmpty();
  }

  @Test
  void whenTheAuditRecordFailsTheFileIsPutBackAndNothingChanged() throws Exception {
    DataDirSecretStore store = open();
    store.set("github", "token", VALUE, "console");
    String before = Files.readString(file());
    auditFails = true;

    assertThatThrownBy(() -> store.set("github", "token", "replaced", "console")).isInstanceOf(AuditException.class);
    assertThatThrownBy(() -> store.delete("github", "token", "console")).isInstanceOf(AuditException.class);

    assertThat(Files.readString(file())).isEqualTo(before);
    assertThat(store.value("github", "token")).contains(VALUE);
    assertThat(open().value("github", "token")).contains(VALUE);
  }

  @Test
  void damagedFileStopsTheStoreWithoutQuotingItsContent() throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{\"format\":\"tyrum.secrets.v1\",\"scopes\":{\"github\":{\"token\":{\"value\":\"" + VALUE + "\"");

    assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a secrets file")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE));

    Files.writeString(file(), "{\"format\":\"tyrum.secrets.v1\",\"scopes\":{\"github\":{\"token\":{\"value\":\"" + VALUE + "\"}}}}");
    assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("malformed secret token in scope github")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE));
  }

  private static void refused(Runnable action, String code, int status, String field) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(SecretException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.details()).containsExactly(field);
      assertThat(e.getMessage()).doesNotContain(VALUE);
    });
  }
}
