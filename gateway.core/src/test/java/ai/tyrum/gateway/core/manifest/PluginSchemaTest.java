package ai.tyrum.gateway.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.schema.Schemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class PluginSchemaTest {

  private static final String OBJECT = """
      {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""";

  private final ManifestValidator validator = new ManifestValidator(
      new Schemas(), Map.of("tyrum.gateway", "api", "version", new Version(1, 0, 0)), Set::of);

  @Test
  void aValidatedPluginHoldsItsSchemasUncompiledUntilOneIsUsed() {
    ValidatedPlugin plugin = validator.validate(JarPluginSource.read(TestJars.echo().entry("schemas/in.json", OBJECT).bytes()));
    PluginSchema input = plugin.schemas().get("schemas/in.json");

    assertThat(plugin.schemas().values()).noneMatch(PluginSchema::isCompiled);
    assertThat(Schemas.validate(input.compiled(), Json.MAPPER.readTree("{\"text\":\"hi\"}"))).isEmpty();
    assertThat(Schemas.validate(input.compiled(), Json.MAPPER.readTree("{}"))).isNotEmpty();
    assertThat(input.isCompiled()).isTrue();
  }

  @Test
  void aSchemaIsStillRefusedBeforeItsPluginLoads() {
    String invalid = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":17}}}";
    assertThatThrownBy(() -> validator.validate(JarPluginSource.read(TestJars.echo().entry("schemas/in.json", invalid).bytes())))
        .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo("invalid_schema"));
  }

  @Test
  void bytesThatDifferFromWhatWasCheckedAreRefusedNeverCompiled() {
    ChangingSource source = new ChangingSource(JarPluginSource.read(TestJars.echo().entry("schemas/in.json", OBJECT).bytes()));
    PluginSchema input = validator.validate(source).schemas().get("schemas/in.json");
    source.replace("schemas/in.json", "{\"type\":\"object\"}");

    assertThatThrownBy(input::compiled)
        .isInstanceOf(Schemas.InvalidSchemaException.class)
        .hasMessageContaining("schemas/in.json differs from the schema checked when the plugin loaded");
    assertThat(input.isCompiled()).isFalse();
  }

  @Test
  void theCompiledFormsKeptAreBoundedAndTheFirstCompiledIsDroppedFirst() {
    CompiledSchemas kept = new CompiledSchemas(new Schemas(), 2);
    JarPluginSource source = JarPluginSource.read(TestJars.echo().bytes());
    List<PluginSchema> schemas = List.of("schemas/config.json", "schemas/in.json", "schemas/out.json").stream()
        .map(path -> new PluginSchema(path, TestJars.SCHEMA.getBytes(StandardCharsets.UTF_8), source, kept))
        .toList();

    schemas.forEach(PluginSchema::compiled);

    assertThat(kept.size()).isEqualTo(2);
    assertThat(schemas).extracting(PluginSchema::isCompiled).containsExactly(false, true, true);
    schemas.get(0).compiled(); // compiled again when next used
    assertThat(schemas).extracting(PluginSchema::isCompiled).containsExactly(true, false, true);
  }

  @Test
  void aManifestReadsItsConfigOnlyWhenAComponentNamesThePluginsPid() {
    String reading = "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"c\""
        + " configuration-pid=\"tyrum.plugin.echo\"><implementation class=\"C\"/></scr:component>";
    String other = "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"c\">"
        + "<implementation class=\"C\"/></scr:component>";

    assertThat(readsConfig(TestJars.echo())).isFalse();
    assertThat(readsConfig(TestJars.echo().header("Service-Component", "OSGI-INF/c.xml").entry("OSGI-INF/c.xml", other))).isFalse();
    assertThat(readsConfig(TestJars.echo().header("Service-Component", "OSGI-INF/a.xml,OSGI-INF/c.xml")
        .entry("OSGI-INF/a.xml", other).entry("OSGI-INF/c.xml", reading))).isTrue();
    // a wildcard cannot be read ahead: the plugin is taken to read its config
    assertThat(readsConfig(TestJars.echo().header("Service-Component", "OSGI-INF/*.xml").entry("OSGI-INF/c.xml", other))).isTrue();
  }

  private boolean readsConfig(TestJars jar) {
    return validator.validate(JarPluginSource.read(jar.bytes())).manifest().readsConfig();
  }

  /** A plugin source whose entries can change after the plugin was checked, as a replaced jar's would. */
  private static final class ChangingSource extends ForwardingSource {
    private final Map<String, byte[]> replaced = new HashMap<>();

    ChangingSource(PluginSource source) {
      super(source);
    }

    void replace(String path, String content) {
      replaced.put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<byte[]> entry(String path, int maxBytes) throws IOException {
      return replaced.containsKey(path) ? Optional.of(replaced.get(path)) : super.entry(path, maxBytes);
    }
  }
}
