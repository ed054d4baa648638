package ai.tyrum.gateway.marketplace.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.marketplace.catalog.CatalogEntry.Capability;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryIndexTest {

  private static final URI BASE = URI.create("file:/srv/catalog/index.xml");
  private static final PluginOrigin ORIGIN = new PluginOrigin(PluginOrigin.CATALOG, BASE.toString(), "0123456789abcdef");

  private static RepositoryIndex.Parsed parse(String xml) {
    return RepositoryIndex.parse(xml.getBytes(StandardCharsets.UTF_8), BASE, ORIGIN);
  }

  @Test
  void pluginResourceBecomesAnEntryWithTypedCapabilitiesAndPermissions() {
    String sha = "AB".repeat(32);
    RepositoryIndex.Parsed parsed = parse(new TestIndex().plugin("weather", "1.2.0", sha, 1234, "plugins/weather.jar").toString());

    CatalogEntry entry = parsed.entries().get(0);
    assertThat(entry.id()).isEqualTo("weather");
    assertThat(entry.version()).isEqualTo("1.2.0");
    assertThat(entry.name()).isEqualTo("Plugin weather");
    assertThat(entry.description()).isEqualTo("The weather example.");
    assertThat(entry.bundle()).isEqualTo("ai.tyrum.plugin.weather");
    assertThat(entry.sha256()).isEqualTo("ab".repeat(32));
    assertThat(entry.size()).isEqualTo(1234L);
    assertThat(entry.url()).isEqualTo(URI.create("file:/srv/catalog/plugins/weather.jar"));
    assertThat(entry.origin()).isEqualTo(ORIGIN);
    assertThat(entry.revoked()).isEmpty();
    assertThat(entry.permissions()).containsExactly(
        Map.of("class", "network.egress", "target", "api.example.com:443", "reason", "reads the weather"));
    assertThat(entry.capabilities()).extracting(Capability::namespace)
        .containsExactly("osgi.identity", "osgi.content", "tyrum.plugin", "tyrum.route", "tyrum.permission");
    assertThat(entry.capabilities().get(3).attributes()).containsEntry("methods", List.of("GET", "POST"));
    assertThat(entry.capabilities().get(1).attributes()).containsEntry("size", 1234L);
  }

  @Test
  void revocationResourceRevokesOneVersion() {
    RepositoryIndex.Parsed parsed = parse(new TestIndex().revocation("weather", "1.2", "leaks the API key").toString());

    assertThat(parsed.entries()).isEmpty();
    assertThat(parsed.revocations()).containsExactly(new Revocation("weather", "1.2.0", "leaks the API key"));
  }

  @Test
  void resourceThatIsNoPluginIsSkipped() {
    String library = """
        <resource><capability namespace="osgi.identity"><attribute name="osgi.identity" value="some.library"/></capability></resource>
        """;

    assertThat(parse(new TestIndex().raw(library).toString()).entries()).isEmpty();
  }

  @Test
  void pluginWithoutContentDigestRefusesTheWholeIndex() {
    String noContent = new TestIndex().plugin("weather", "1.0.0").toString()
        .replaceAll("(?s)<capability namespace=\"osgi.content\">.*?</capability>", "");

    assertThatThrownBy(() -> parse(noContent))
        .isInstanceOf(CatalogException.class)
        .hasFieldOrPropertyWithValue("code", "catalog_invalid")
        .hasMessageContaining("resource 1 (plugin weather) has no osgi.content");
  }

  @Test
  void digestThatIsNoSha256IsRefused() {
    assertThatThrownBy(() -> parse(new TestIndex().plugin("weather", "1.0.0", "abc", 1, "w.jar").toString()))
        .hasFieldOrPropertyWithValue("code", "catalog_invalid")
        .hasMessageContaining("not a SHA-256");
  }

  @Test
  void pluginIdOutsideTheGrammarIsRefused() {
    assertThatThrownBy(() -> parse(new TestIndex().plugin("Weather_1", "1.0.0").toString()))
        .hasFieldOrPropertyWithValue("code", "catalog_invalid")
        .hasMessageContaining("Weather_1");
  }

  @Test
  void attributeOfAWrongTypeIsRefused() {
    String badSize = new TestIndex().plugin("weather", "1.0.0").toString().replace("value=\"10\" type=\"Long\"", "value=\"ten\" type=\"Long\"");

    assertThatThrownBy(() -> parse(badSize)).hasMessageContaining("attribute size is not a Long: ten");
  }

  @Test
  void indexOverHttpNamingALocalFileIsRefused() {
    byte[] xml = new TestIndex().plugin("weather", "1.0.0", "ab".repeat(32), 1, "file:/etc/passwd").bytes();

    assertThatThrownBy(() -> RepositoryIndex.parse(xml, URI.create("https://catalog.example/index.xml"), ORIGIN))
        .hasFieldOrPropertyWithValue("code", "catalog_invalid")
        .hasMessageContaining("may only name http(s) jars");
  }

  @Test
  void externalEntityIsNeverResolved(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret");
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE repository [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
        + new TestIndex().plugin("weather", "1.0.0").toString().replaceFirst("<\\?xml[^>]*>\n", "").replace("The weather example.", "&xxe;");

    assertThatThrownBy(() -> parse(xxe))
        .isInstanceOf(CatalogException.class)
        .hasFieldOrPropertyWithValue("code", "catalog_invalid")
        .hasMessageNotContaining("the-secret");
  }

  @Test
  void entityExpansionBombIsRefusedBeforeExpanding() {
    String bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><repository xmlns=\"" + RepositoryIndex.NAMESPACE + "\">&c;</repository>";

    assertThatThrownBy(() -> parse(bomb)).hasFieldOrPropertyWithValue("code", "catalog_invalid").hasMessageContaining("DOCTYPE");
  }

  @Test
  void documentThatIsNoRepositoryIsRefused() {
    assertThatThrownBy(() -> parse("<repository/>")).hasMessageContaining("root element");
    assertThatThrownBy(() -> parse("<repository")).hasMessageContaining("not well-formed");
  }
}
