package ai.tyrum.gateway.itest;

import ai.tyrum.gateway.api.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plugin manifest as bnd writes it from the API's bundle annotations (DESIGN section 3), built in memory
 * and without classes: the test registers the plugin's services itself, through the installed bundle's
 * own context, so that the gateway sees them as the plugin's.
 *
 * <pre>{@code
 * Bundle demo = gateway.install(TestPlugin.withId("demo").tool("hello", Effect.read_only).toBundle());
 * gateway.awaitPluginState("demo", "loaded");
 * demo.getBundleContext().registerService(Tool.class, call -> ToolResult.of(Map.of("text", call.string("text"))),
 *     FrameworkUtil.asDictionary(TestPlugin.toolProperties("demo", "hello")));
 * }</pre>
 *
 * Every tool takes and returns {@code {"text": string}} unless its schemas are replaced with
 * {@link TestBundle#entry}; {@link #toBundle()} gives the bundle to shape further, a refused variant for
 * instance.
 */
public final class TestPlugin {

  /** A closed object with one string, {@code text}: the echo plugin's contract. */
  public static final String TEXT_SCHEMA = """
      {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",\
      "properties":{"text":{"type":"string"}},"required":["text"],"additionalProperties":false}""";
  private static final String CONFIG_SCHEMA = """
      {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{}}""";

  private final String id;
  private final List<String> tools = new ArrayList<>();
  private final List<String> toolNames = new ArrayList<>();

  private TestPlugin(String id) {
    this.id = id;
  }

  /** A valid plugin {@code id}, version 1.0.0, with an empty config schema and no contributions. */
  public static TestPlugin withId(String id) {
    return new TestPlugin(id);
  }

  /** Declares tool {@code name}: a {@code tyrum.tool} capability and its two schemas. */
  public TestPlugin tool(String name, Effect effect) {
    tools.add("tyrum.tool;tyrum.tool=" + name + ";plugin=" + id + ";effect=" + effect.name()
        + ";input.schema=\"schemas/" + name + ".input.json\";output.schema=\"schemas/" + name + ".output.json\""
        + ";description=\"Test tool " + name + ".\"");
    toolNames.add(name);
    return this;
  }

  /** The service properties that name tool {@code name} of plugin {@code id}, as {@code @ProvideTool} sets them. */
  public static Map<String, Object> toolProperties(String id, String name) {
    return Map.of("tyrum.tool.plugin", id, "tyrum.tool.name", name);
  }

  /** The bundle {@code test.plugin.<id>} 1.0.0 with the plugin's headers and schema files. */
  public TestBundle toBundle() {
    List<String> capabilities = new ArrayList<>();
    capabilities.add("tyrum.plugin;tyrum.plugin=" + id + ";name=\"Test " + id + "\";description=\"A plugin built by a test.\""
        + ";config.schema=\"schemas/config.json\"");
    capabilities.addAll(tools);
    TestBundle bundle = TestBundle.of("test.plugin." + id, "1.0.0")
        .header("Bundle-Name", "Test " + id)
        .header("Import-Package", "ai.tyrum.gateway.api;version=\"[1.0,2)\"")
        .header("Provide-Capability", String.join(",", capabilities))
        .header("Require-Capability",
            "osgi.extender;filter:=\"(&(osgi.extender=tyrum.plugin)(version>=1.0.0)(!(version>=2.0.0)))\","
                + "tyrum.gateway;filter:=\"(&(tyrum.gateway=api)(version>=1.0)(!(version>=2.0)))\"")
        .entry("schemas/config.json", CONFIG_SCHEMA);
    for (String name : toolNames) {
      bundle.entry("schemas/" + name + ".input.json", TEXT_SCHEMA).entry("schemas/" + name + ".output.json", TEXT_SCHEMA);
    }
    return bundle;
  }
}
