package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.lib.catalog.CatalogKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Installs from a signed catalog through plugin:install and POST /plugins/install (DESIGN section 5), and
 * every refusal of the catalog door: bytes that are not the ones the signed index lists, and an index whose
 * signature is missing, forged, by an untrusted key, or no longer over the bytes served. A refusal names its
 * reason, leaves the lockfile, the store and the framework as they were, and records one {@code failed} event.
 */
class CatalogInstallIT {

  @TempDir
  Path dir;

  private static GatewayFramework start(TestCatalog catalog, String policy) {
    GatewayFramework.Builder builder = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace");
    if (policy != null) {
      builder.dataFile("policy/deployment.yml", policy);
    }
    GatewayFramework gateway = catalog.trustedBy(builder).start();
    Installed.ready(gateway);
    return gateway;
  }

  /** Publishes versioned 1.0.0 after the first start (which would install every plugin offered then). */
  private static Path offerVersioned(GatewayFramework gateway, TestCatalog catalog) {
    Path jar = gateway.fixture("versioned-1.0.0");
    catalog.offer(jar).publish();
    gateway.shell().run("plugin:search").assertSucceeded();
    return jar;
  }

  @Test
  void pluginInstallLoadsTheCatalogsJarAndRecordsItsSourceAndKey() throws Exception {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog, null)) {
      Path jar = offerVersioned(gateway, catalog);
      long seq = Installed.lastSeq(gateway);

      JsonNode outcome = Installed.json(gateway.shell().run("plugin:install --json versioned").assertSucceeded().console());

      assertThat(outcome.path("state").asString()).isEqualTo("loaded");
      gateway.awaitPluginState("versioned", "loaded");
      JsonNode entry = Installed.lockEntry(gateway, "versioned");
      assertThat(entry.path("version").asString()).isEqualTo("1.0.0");
      assertThat(entry.path("state").asString()).isEqualTo("enabled");
      assertThat(entry.path("source").path("kind").asString()).isEqualTo("catalog");
      assertThat(entry.path("source").path("location").asString()).isEqualTo(catalog.index().toUri().toString());
      assertThat(entry.path("source").path("key_id").asString()).isEqualTo(catalog.keyId());
      String sha256 = TestCatalog.sha256(Files.readAllBytes(jar));
      assertThat(entry.path("integrity_sha256").asString()).isEqualTo(sha256);
      assertThat(Installed.store(gateway)).contains(sha256 + ".jar");
      assertThat(Installed.lifecycle(gateway, seq, "verified")).hasSize(1);
      // the plugin is loaded once its bundle is active; its DS tool registers a moment later
      Await.until("greet answers from 1.0.0",
          () -> Installed.greet(gateway, "ada").path("output").path("greeting").asString().contains("from 1.0.0"));
    }
  }

  @Test
  void httpInstallLoadsTheCatalogsJar() {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog, null)) {
      offerVersioned(gateway, catalog);

      JsonNode answer = gateway.http().post("/plugins/install", "{\"id\":\"versioned\"}").assertStatus(200).json();

      assertThat(answer.toString()).contains("\"loaded\"");
      gateway.awaitPluginState("versioned", "loaded");
      assertThat(Installed.lockEntry(gateway, "versioned").path("source").path("key_id").asString()).isEqualTo(catalog.keyId());
    }
  }

  @Test
  void jarChangedAfterIndexingIsIntegrityMismatch() throws Exception {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog, null)) {
      Path jar = offerVersioned(gateway, catalog);
      byte[] bytes = Files.readAllBytes(catalog.served(jar));
      bytes[bytes.length / 2] ^= 1; // same size, other bytes
      Files.write(catalog.served(jar), bytes);

      assertRefused(gateway, "plugin:install versioned", "integrity_mismatch", "versioned");
      assertThat(gateway.http().post("/plugins/install", "{\"id\":\"versioned\"}").assertStatus(422).errorCode())
          .isEqualTo("integrity_mismatch");
    }
  }

  @Test
  void sizeTheIndexStatesWronglyIsSizeMismatch() throws Exception {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog, null)) {
      Path jar = gateway.fixture("versioned-1.0.0");
      catalog.offer(jar).stateSize(catalog.served(jar), Files.size(jar) + 1).publish();
      gateway.shell().run("plugin:search").assertSucceeded();

      assertRefused(gateway, "plugin:install versioned", "size_mismatch", "versioned");
    }
  }

  @Test
  void missingSignatureRefusesTheCatalogAndSaysSo() throws Exception {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog, null)) {
      offerVersioned(gateway, catalog);
      Files.delete(catalog.signature());

      assertCatalogRefused(gateway, "catalog_unsigned");
    }
  }

  @Test
  void forgedSignatureRefusesTheCatalog() throws Exception {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog, null)) {
      offerVersioned(gateway, catalog);
      catalog.publish(CatalogKeys.generate()); // a key the gateway has never seen

      assertCatalogRefused(gateway, "signature_invalid");
    }
  }

  @Test
  void signatureByAKeyTheSourceDoesNotTrustRefusesTheCatalog() throws Exception {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog, null)) {
      offerVersioned(gateway, catalog);
      KeyPair other = CatalogKeys.generate(); // known to the gateway, but not trusted for this source
      Files.writeString(gateway.data().resolve("marketplace/keys/" + CatalogKeys.keyId(other.getPublic()) + ".pub"),
          CatalogKeys.publicKeyPem(other.getPublic()));
      catalog.publish(other);

      assertCatalogRefused(gateway, "untrusted_key");
    }
  }

  @Test
  void catalogSwappedUnderAValidSignatureIsRefused() throws Exception {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog, null)) {
      offerVersioned(gateway, catalog);
      byte[] signature = Files.readAllBytes(catalog.signature());
      catalog.offer(gateway.fixture("versioned-1.1.0")).publish();
      Files.write(catalog.signature(), signature); // the signature of the index before

      assertCatalogRefused(gateway, "signature_invalid");
    }
  }

  @Test
  void policyMayAllowAnUnsignedSourceByName() throws Exception {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog, "plugins:\n  allow_sources: [mirror]\n")) {
      offerVersioned(gateway, catalog);
      Files.delete(catalog.signature());
      gateway.shell().run("plugin:search").assertSucceeded();

      JsonNode outcome = Installed.json(gateway.shell().run("plugin:install --json versioned").assertSucceeded().console());

      assertThat(outcome.path("state").asString()).isEqualTo("loaded");
      JsonNode source = Installed.lockEntry(gateway, "versioned").path("source");
      assertThat(source.path("location").asString()).isEqualTo(catalog.index().toUri().toString());
      assertThat(source.path("key_id").asString()).isEmpty();
      assertThat(Installed.events(gateway, 0, "marketplace.catalog"))
          .anySatisfy(e -> assertThat(e.path("outcome").asString()).isEqualTo("allowed_by_policy"));
    }
  }

  /** The catalog is left out once plugin:search reads it again: installing from it says why. */
  private static void assertCatalogRefused(GatewayFramework gateway, String reason) {
    long seq = Installed.lastSeq(gateway);
    assertThat(gateway.shell().run("plugin:search").assertSucceeded().console()).doesNotContain("versioned");
    assertThat(Installed.events(gateway, seq, "marketplace.catalog")).singleElement()
        .satisfies(e -> assertThat(e.path("reason").asString()).isEqualTo(reason));

    String console = assertRefused(gateway, "plugin:install versioned", "unknown_plugin", "versioned");
    assertThat(console).contains("catalog mirror is refused: " + reason);
    JsonNode error = gateway.http().post("/plugins/install", "{\"id\":\"versioned\"}").assertStatus(404).json();
    assertThat(error.toString()).contains("unknown_plugin", "were refused: mirror");
  }

  /** Runs {@code line}, which must fail with {@code code}, change nothing, and record one failed event. */
  private static String assertRefused(GatewayFramework gateway, String line, String code, String source) {
    String before = Installed.snapshot(gateway);
    long seq = Installed.lastSeq(gateway);

    String console = gateway.shell().run(line).assertFailed().console();

    assertThat(console).contains("error " + code + ":");
    assertThat(Installed.snapshot(gateway)).isEqualTo(before);
    JsonNode failed = Installed.failed(gateway, seq);
    assertThat(failed.path("reason").asString()).isEqualTo(code);
    assertThat(failed.path("source").asString()).isEqualTo(source);
    assertThat(gateway.pluginState("versioned")).isEqualTo("absent");
    return console;
  }
}
