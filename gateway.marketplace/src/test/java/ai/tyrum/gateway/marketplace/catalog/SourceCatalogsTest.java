package ai.tyrum.gateway.marketplace.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.catalog.CatalogKeys;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.marketplace.catalog.SourceCatalogs.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCatalogsTest {

  @TempDir Path tmp;
  private Path home;
  private Path catalog;
  private TestGateway gateway;
  private final KeyPair key = CatalogKeys.generate();

  @BeforeEach
  void distributionWithABundledCatalog() throws Exception {
    home = tmp.resolve("home");
    catalog = home.resolve("catalog");
    Files.createDirectories(catalog.resolve("plugins"));
    Files.createDirectories(home.resolve("catalog/keys"));
    Files.writeString(home.resolve("catalog/keys/" + CatalogKeys.keyId(key.getPublic()) + ".pub"), CatalogKeys.publicKeyPem(key.getPublic()));
    gateway = new TestGateway(tmp.resolve("data"));
  }

  private SourceCatalogs catalogs() {
    return catalogs(Settings.CATALOG_LIMIT);
  }

  private SourceCatalogs catalogs(long limit) {
    return new SourceCatalogs(gateway, gateway, gateway, new Settings(Optional.of(home), limit, Duration.ofSeconds(5)));
  }

  private void publish(TestIndex index) throws Exception {
    publish(index.bytes(), key);
  }

  private void publish(byte[] index, KeyPair signer) throws Exception {
    Files.write(catalog.resolve("index.xml"), index);
    Files.writeString(catalog.resolve("index.xml.sig"), CatalogKeys.sign(signer.getPrivate(), index));
  }

  private List<Map<String, Object>> catalogEvents() {
    return gateway.events.stream().filter(e -> e.type().equals(SourceCatalogs.EVENT)).map(TestGateway.Event::payload).toList();
  }

  @Test
  void firstStartTrustsTheBundledCatalogAndItsKey() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0").plugin("notes", "1.0.0"));

    SourceCatalogs catalogs = catalogs();

    String keyId = CatalogKeys.keyId(key.getPublic());
    Path marketplace = tmp.resolve("data/marketplace");
    Map<String, Object> sources = Json.object(Files.readAllBytes(marketplace.resolve("sources.json")));
    assertThat(sources).isEqualTo(Map.of("sources", List.of(Map.of(
        "name", "bundled",
        "url", catalog.resolve("index.xml").toUri().toString(),
        "signature", catalog.resolve("index.xml").toUri() + ".sig",
        "keys", List.of(keyId)))));
    assertThat(marketplace.resolve("keys/" + keyId + ".pub")).exists();
    assertThat(catalogs.search("")).extracting(CatalogEntry::id).containsExactly("echo", "notes");
    assertThat(catalogs.find("echo", Optional.empty()).origin().keyId()).isEqualTo(keyId);
    assertThat(catalogEvents()).isEmpty();
  }

  @Test
  void sourcesWithoutABundledEntryAreNeverOverwritten() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    Path sources = gateway.dir("marketplace").resolve("sources.json");
    Files.writeString(sources, "{\"sources\":[]}");

    SourceCatalogs catalogs = catalogs();

    assertThat(Files.readString(sources)).isEqualTo("{\"sources\":[]}");
    assertThat(catalogs.entries()).isEmpty();
  }

  @Test
  void theBundledSourceFollowsARebuiltDistributionAndItsNewKeyLeavingOtherSourcesAlone() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    catalogs();
    Path sources = gateway.dir("marketplace").resolve("sources.json");
    Map<String, Object> written = Json.object(Files.readAllBytes(sources));
    @SuppressWarnings("unchecked")
    List<Object> list = new java.util.ArrayList<>((List<Object>) written.get("sources"));
    list.add(Map.of("name", "partner", "url", "https://catalog.invalid/index.xml", "keys", List.of("0123456789abcdef")));
    Files.write(sources, Json.bytes(Map.of("sources", list)));
    // a rebuild signs the catalog with a new build key, shipped in place of the old one
    KeyPair rebuilt = CatalogKeys.generate();
    Files.delete(home.resolve("catalog/keys/" + CatalogKeys.keyId(key.getPublic()) + ".pub"));
    Files.writeString(home.resolve("catalog/keys/" + CatalogKeys.keyId(rebuilt.getPublic()) + ".pub"), CatalogKeys.publicKeyPem(rebuilt.getPublic()));
    publish(new TestIndex().plugin("echo", "1.0.1").bytes(), rebuilt);

    SourceCatalogs catalogs = catalogs();

    assertThat(catalogs.find("echo", Optional.empty()).version()).isEqualTo("1.0.1");
    assertThat(catalogs.find("echo", Optional.empty()).origin().keyId()).isEqualTo(CatalogKeys.keyId(rebuilt.getPublic()));
    assertThat(Files.readString(sources)).contains("partner", "0123456789abcdef", CatalogKeys.keyId(rebuilt.getPublic()));
  }

  @Test
  void distributionWithoutABundledCatalogHasNoSources() {
    SourceCatalogs catalogs = catalogs();

    assertThat(catalogs.entries()).isEmpty();
    assertThat(tmp.resolve("data/marketplace/sources.json")).doesNotExist();
    assertThat(catalogEvents()).isEmpty();
  }

  @Test
  void catalogSwappedUnderAValidSignatureIsRefused() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    SourceCatalogs catalogs = catalogs();
    // the bytes change, the old .sig stays
    Files.write(catalog.resolve("index.xml"), new TestIndex().plugin("echo", "6.6.6").bytes());

    catalogs.refresh();

    assertThat(catalogs.entries()).isEmpty();
    assertThat(catalogEvents()).singleElement().satisfies(event -> assertThat(event)
        .containsEntry("source", "bundled")
        .containsEntry("reason", "signature_invalid")
        .containsEntry("outcome", "refused"));
  }

  @Test
  void findNamesTheRefusedCatalogsWhenNoneOffersThePlugin() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    SourceCatalogs catalogs = catalogs();
    Files.write(catalog.resolve("index.xml"), new TestIndex().plugin("echo", "6.6.6").bytes());
    catalogs.refresh();

    assertThatThrownBy(() -> catalogs.find("echo", Optional.empty()))
        .hasFieldOrPropertyWithValue("code", "unknown_plugin")
        .hasMessageContaining("1 catalog(s) were refused: bundled")
        .satisfies(e -> assertThat(((CatalogException) e).details().get(0)).startsWith("catalog bundled is refused: signature_invalid: "));

    publish(new TestIndex().plugin("echo", "1.0.0"));
    catalogs.refresh();
    assertThatThrownBy(() -> catalogs.find("nope", Optional.empty()))
        .hasMessage("no trusted catalog offers a plugin nope")
        .satisfies(e -> assertThat(((CatalogException) e).details()).singleElement().asString()
            .startsWith("plugin:search lists what the trusted catalogs offer"));
  }

  @Test
  void forgedSignatureIsRefused() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    byte[] forged = new byte[64];
    forged[0] = 1;
    Files.writeString(catalog.resolve("index.xml.sig"), Base64.getEncoder().encodeToString(forged));

    assertThat(catalogs().entries()).isEmpty();
    assertThat(catalogEvents()).extracting(e -> e.get("reason")).containsExactly("signature_invalid");
  }

  @Test
  void malformedSignatureIsRefusedAndSaysWhy() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    Files.writeString(catalog.resolve("index.xml.sig"), "this is not a signature");

    assertThat(catalogs().entries()).isEmpty();
    assertThat(catalogEvents()).singleElement().satisfies(event -> assertThat(event)
        .containsEntry("reason", "signature_invalid")
        .extractingByKey("message").asString().contains("malformed").contains("not base64"));
  }

  @Test
  void catalogWithoutSignatureIsRefusedAsUnsigned() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    Files.delete(catalog.resolve("index.xml.sig"));

    assertThat(catalogs().entries()).isEmpty();
    assertThat(catalogEvents()).extracting(e -> e.get("reason")).containsExactly("catalog_unsigned");
  }

  @Test
  void catalogSignedByAKeyTheSourceDoesNotTrustIsRefused() throws Exception {
    KeyPair other = CatalogKeys.generate();
    publish(new TestIndex().plugin("echo", "1.0.0"));
    SourceCatalogs catalogs = catalogs();
    // the other key is known to the gateway (a file in keys/) but not listed for this source
    Path keys = tmp.resolve("data/marketplace/keys");
    Files.writeString(keys.resolve(CatalogKeys.keyId(other.getPublic()) + ".pub"), CatalogKeys.publicKeyPem(other.getPublic()));
    publish(new TestIndex().plugin("echo", "2.0.0").bytes(), other);

    catalogs.refresh();

    assertThat(catalogs.entries()).isEmpty();
    assertThat(catalogEvents()).singleElement().satisfies(event -> assertThat(event)
        .containsEntry("reason", "untrusted_key")
        .extractingByKey("message").asString().contains(CatalogKeys.keyId(other.getPublic())));
  }

  @Test
  void catalogWhoseTrustedKeyFileIsGoneIsRefused() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    SourceCatalogs catalogs = catalogs();
    Files.delete(tmp.resolve("data/marketplace/keys/" + CatalogKeys.keyId(key.getPublic()) + ".pub"));

    catalogs.refresh();

    assertThat(catalogs.entries()).isEmpty();
    assertThat(catalogEvents()).extracting(e -> e.get("reason")).containsExactly("untrusted_key");
  }

  @Test
  void unsignedCatalogIsUsedWhenPolicyNamesItsSource() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    Files.delete(catalog.resolve("index.xml.sig"));
    gateway.allowSources("bundled");

    SourceCatalogs catalogs = catalogs();

    assertThat(catalogs.find("echo", Optional.empty()).origin().keyId()).isEmpty();
    assertThat(catalogEvents()).singleElement().satisfies(event -> assertThat(event)
        .containsEntry("reason", "catalog_unsigned")
        .containsEntry("outcome", "allowed_by_policy"));
  }

  @Test
  void policyNeverWaivesACatalogThatDoesNotParse() throws Exception {
    publish("<repository".getBytes(StandardCharsets.UTF_8), key);
    gateway.allowSources("bundled");

    assertThat(catalogs().entries()).isEmpty();
    assertThat(catalogEvents()).extracting(e -> e.get("reason")).containsExactly("catalog_invalid");
  }

  @Test
  void eachDistinctFailureIsRecordedOnce() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    Files.delete(catalog.resolve("index.xml.sig"));
    SourceCatalogs catalogs = catalogs();

    catalogs.refresh();
    catalogs.refresh();
    Files.writeString(catalog.resolve("index.xml.sig"), Base64.getEncoder().encodeToString(new byte[64]));
    catalogs.refresh();
    catalogs.refresh();

    assertThat(catalogEvents()).extracting(e -> e.get("reason")).containsExactly("catalog_unsigned", "signature_invalid");
  }

  @Test
  void catalogLargerThanTheLimitIsRefusedUnread() throws Exception {
    TestIndex huge = new TestIndex();
    for (int i = 0; i < 200; i++) {
      huge.plugin("plugin-" + i, "1.0.0");
    }
    publish(huge);

    assertThat(catalogs(64 * 1024).entries()).isEmpty();
    assertThat(catalogEvents()).singleElement().satisfies(event -> assertThat(event)
        .containsEntry("reason", "catalog_too_large")
        .extractingByKey("message").asString().contains("65536 bytes"));
  }

  @Test
  void externalEntityInASignedCatalogIsRefused() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "the-secret");
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE repository [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
        + new TestIndex().plugin("echo", "1.0.0").toString().replaceFirst("<\\?xml[^>]*>\n", "").replace("The echo example.", "&xxe;");
    publish(xxe.getBytes(StandardCharsets.UTF_8), key);

    SourceCatalogs catalogs = catalogs();

    assertThat(catalogs.entries()).isEmpty();
    assertThat(catalogEvents()).singleElement().satisfies(event -> assertThat(event)
        .containsEntry("reason", "catalog_invalid")
        .extractingByKey("message").asString().doesNotContain("the-secret"));
  }

  @Test
  void revokedVersionIsFoundRevokedAndNeverTheNewest() throws Exception {
    publish(new TestIndex()
        .plugin("echo", "1.0.0")
        .plugin("echo", "1.1.0")
        .revocation("echo", "1.1.0", "leaks the api key")
        .revocation("echo", "0.9.0", "never safe"));
    SourceCatalogs catalogs = catalogs();

    assertThat(catalogs.find("echo", Optional.empty()).version()).isEqualTo("1.0.0");
    assertThat(catalogs.find("echo", Optional.of("1.1.0")).revoked()).contains("leaks the api key");
    assertThat(catalogs.find("echo", Optional.of("0.9.0")).revoked()).contains("never safe");
    assertThat(catalogs.versions("echo")).extracting(CatalogEntry::version).containsExactly("1.1.0", "1.0.0", "0.9.0");
    assertThat(catalogs.search("echo")).extracting(CatalogEntry::version).containsExactly("1.0.0");
    assertThatThrownBy(() -> catalogs.fetch(catalogs.find("echo", Optional.of("1.1.0"))))
        .hasFieldOrPropertyWithValue("code", "plugin_revoked");
  }

  @Test
  void findSaysWhatIsUnknown() throws Exception {
    publish(new TestIndex().plugin("echo", "1.0.0"));
    SourceCatalogs catalogs = catalogs();

    assertThatThrownBy(() -> catalogs.find("nope", Optional.empty())).hasFieldOrPropertyWithValue("code", "unknown_plugin");
    assertThatThrownBy(() -> catalogs.find("echo", Optional.of("2.0")))
        .hasFieldOrPropertyWithValue("code", "unknown_version")
        .hasFieldOrPropertyWithValue("details", List.of("1.0.0"));
  }

  @Test
  void fetchReadsTheJarAndRefusesMoreBytesThanTheCatalogStates() throws Exception {
    byte[] jar = "jar bytes".getBytes(StandardCharsets.UTF_8);
    Files.write(catalog.resolve("plugins/echo.jar"), jar);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
    publish(new TestIndex()
        .plugin("echo", "1.0.0", sha, jar.length, "plugins/echo.jar")
        .plugin("notes", "1.0.0", sha, jar.length - 1, "plugins/echo.jar")
        .plugin("gone", "1.0.0", sha, 1, "plugins/gone.jar"));
    SourceCatalogs catalogs = catalogs();

    assertThat(catalogs.fetch(catalogs.find("echo", Optional.empty()))).isEqualTo(jar);
    assertThatThrownBy(() -> catalogs.fetch(catalogs.find("notes", Optional.empty())))
        .hasFieldOrPropertyWithValue("code", "size_mismatch");
    assertThatThrownBy(() -> catalogs.fetch(catalogs.find("gone", Optional.empty())))
        .hasFieldOrPropertyWithValue("code", "fetch_failed");
  }

  @Test
  void malformedSourcesFileIsRecordedWithThePointerAtFault() throws Exception {
    Files.writeString(gateway.dir("marketplace").resolve("sources.json"), "{\"sources\":[{\"name\":\"x\",\"url\":\"ftp://a/b\"}]}");

    assertThat(catalogs().entries()).isEmpty();
    assertThat(catalogEvents()).singleElement().satisfies(event -> assertThat(event)
        .containsEntry("reason", "sources_invalid")
        .containsEntry("details", List.of("/sources/0/url")));
  }
}
