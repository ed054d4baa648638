package ai.tyrum.gateway.policy.bundle;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.lib.schema.Schemas.Violation;
import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.spi.Decision;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one policy file: YAML read strictly ({@link PolicyYaml}: no anchors, aliases, tags, merge keys,
 * duplicate keys or second documents), validated against the published schema
 * {@code schemas/policy.schema.json} (JSON Schema 2020-12), then checked for what a schema cannot say
 * (numbers are whole, redaction patterns compile as RE2, the linear-time syntax the core runs them with,
 * egress endpoints are exact {@code host:port}). A file that holds nothing is refused
 * ({@code policy_file_empty}): an editor that truncates a file before writing it must not lift its rules
 * for a moment. Thread-safe; the schema is compiled once.
 */
public final class PolicyReader {

  /** The schema's path inside this bundle; the build also publishes it as {@code etc/policy.schema.json}. */
  public static final String SCHEMA_RESOURCE = "schemas/policy.schema.json";
  /** Policy is a few rules, not data: a larger file is a mistake or an attack on the parser. */
  public static final int MAX_FILE_BYTES = 256 * 1024;

  private final Schema schema;

  public PolicyReader() {
    JsonNode schemaNode;
    try (InputStream in = PolicyReader.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the policy schema " + SCHEMA_RESOURCE + " is missing from the bundle");
      }
      schemaNode = Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the compiler the plugin contracts use: 2020-12, no remote fetches, JSON pointers in errors
    this.schema = new Schemas().compile(schemaNode);
  }

  /**
   * Parses and validates one file.
   *
   * @param name the file's name relative to the policy dir, used in error details
   * @throws PolicyException {@code invalid_policy}, with one detail per fault: {@code name: /pointer: message}
   */
  public PolicyLayer read(String name, byte[] yaml) {
    if (yaml.length > MAX_FILE_BYTES) {
      throw invalid(name, List.of(name + ": larger than " + MAX_FILE_BYTES + " bytes"));
    }
    PolicyYaml.Result read = PolicyYaml.read(name, yaml);
    if (!read.faults().isEmpty()) {
      throw invalid(name, read.faults());
    }
    if (read.tree().isEmpty()) {
      throw invalid(name, List.of(name + ": /: policy_file_empty: the file holds no policy (it is empty, or only"
          + " whitespace and comments), which is what a file caught half-way through a save looks like, so it"
          + " changes nothing; to drop this file's rules delete it, or write 'version: 1' for a file that says nothing"));
    }
    JsonNode tree = read.tree().get();
    List<String> fractions = new ArrayList<>();
    fractions(tree, "", fractions);
    // the validator never sees a number the whole-number check refuses: networknt cannot compare 1e308
    // with an integer bound, and the check's fault says more than a type error would
    List<Violation> violations = Schemas.validate(schema, withoutFractions(tree));
    EgressClassReader.Result egress = EgressClassReader.read(tree.path(EgressClassReader.KEY));
    List<String> faults = new ArrayList<>();
    // where the egress reader found a fault it says more than the schema's pattern message, so its word
    // stands; so does the whole-number check, which sees the 60.0 that JSON Schema takes for an integer
    String egressPointer = "/" + EgressClassReader.KEY;
    violations.stream()
        .filter(v -> egress.faults().isEmpty() || !(v.pointer().equals(egressPointer) || v.pointer().startsWith(egressPointer + "/")))
        .filter(v -> !fractions.contains(v.pointer()))
        .forEach(v -> faults.add(name + ": " + v.pointer() + ": " + v.message()));
    fractions.forEach(pointer -> faults.add(name + ": " + pointer + ": number_not_whole: " + wholeNumberFault(tree.at(pointer))));
    egress.faults().forEach(f -> faults.add(name + ": " + f));
    if (!faults.isEmpty()) {
      throw invalid(name, faults);
    }
    JsonNode tools = tree.path("tools");
    List<String> redact = strings(tree.path("redaction").path("patterns"));
    for (int i = 0; i < redact.size(); i++) {
      String pointer = "/redaction/patterns/" + i;
      RedactionPatternCheck.fault(redact.get(i)).ifPresent(fault -> faults.add(name + ": " + pointer + ": " + fault));
    }
    if (!faults.isEmpty()) {
      throw invalid(name, faults);
    }
    JsonNode ttl = tree.path("approvals").path("ttl_seconds");
    return new PolicyLayer(
        tools.has("default") ? Optional.of(Decision.valueOf(tools.get("default").asString())) : Optional.empty(),
        strings(tools.path("allow")),
        strings(tools.path("require_approval")),
        strings(tools.path("deny")),
        redact,
        ttl.isIntegralNumber() ? OptionalLong.of(ttl.asLong()) : OptionalLong.empty(),
        egress.classes(),
        plugins(tree),
        budgets(tree),
        mcp(tree));
  }

  /** The {@code mcp:} section, already valid against the schema. */
  private static McpLayer mcp(JsonNode tree) {
    JsonNode mcp = tree.path("mcp");
    if (!mcp.isObject()) {
      return McpLayer.EMPTY;
    }
    return new McpLayer(true, mcp.has("trust_hints") ? Optional.of(strings(mcp.path("trust_hints"))) : Optional.empty());
  }

  /** The {@code budgets:} section, already valid against the schema. */
  private static BudgetLayer budgets(JsonNode tree) {
    JsonNode budgets = tree.path("budgets");
    if (!budgets.isObject()) {
      return BudgetLayer.EMPTY;
    }
    Map<String, BudgetLayer.Figures> plugins = new LinkedHashMap<>();
    budgets.path("plugins").properties().forEach(e -> plugins.put(e.getKey(), figures(e.getValue())));
    JsonNode breaker = budgets.path("breaker");
    return new BudgetLayer(true, figures(budgets), plugins, number(breaker.path("overruns")), number(breaker.path("window_seconds")));
  }

  private static BudgetLayer.Figures figures(JsonNode node) {
    return new BudgetLayer.Figures(boxed(number(node.path("cpu_ms"))), boxed(number(node.path("alloc_mb"))));
  }

  private static OptionalLong number(JsonNode node) {
    return node.isIntegralNumber() ? OptionalLong.of(node.asLong()) : OptionalLong.empty();
  }

  private static Optional<Long> boxed(OptionalLong value) {
    return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
  }

  /** The {@code plugins:} section, already valid against the schema. */
  private static PluginLayer plugins(JsonNode tree) {
    JsonNode plugins = tree.path("plugins");
    if (!plugins.isObject()) {
      return PluginLayer.EMPTY;
    }
    Map<String, Integer> approvals = new LinkedHashMap<>();
    for (String operation : PluginLayer.OPERATIONS) {
      JsonNode count = plugins.path("approvals").path(operation);
      if (count.isIntegralNumber()) {
        approvals.put(operation, count.asInt());
      }
    }
    return new PluginLayer(
        true,
        flag(plugins.path("local_installs")),
        flag(plugins.path("deploy_preapproved")),
        plugins.has("allow_sources") ? Optional.of(strings(plugins.path("allow_sources"))) : Optional.empty(),
        approvals);
  }

  private static Optional<Boolean> flag(JsonNode node) {
    return node.isBoolean() ? Optional.of(node.asBoolean()) : Optional.empty();
  }

  private static PolicyException invalid(String name, List<String> details) {
    return new PolicyException("invalid_policy", "policy file " + name + " is not valid", details);
  }

  private static String wholeNumberFault(JsonNode number) {
    java.math.BigDecimal value = number.decimalValue();
    boolean whole = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    // a whole number too large for any field is not worth spelling out in 300 digits
    boolean sayable = whole && value.abs().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    return value + " is written with a fraction or an exponent, and every number in a policy file is a"
        + " whole number in decimal digits: " + (sayable ? "write " + value.toBigIntegerExact() : "write a whole number, such as 60");
  }

  /** The pointer of every number with a fraction or exponent, such as {@code 60.0} or {@code 6e1}. */
  private static void fractions(JsonNode node, String pointer, List<String> found) {
    if (node.isNumber() && !node.isIntegralNumber()) {
      if (!pointer.isEmpty()) { // a document that is a number is the schema's to refuse
        found.add(pointer);
      }
    } else if (node.isObject()) {
      node.properties().forEach(e -> fractions(e.getValue(), pointer + "/" + EgressClassReader.escape(e.getKey()), found));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        fractions(node.get(i), pointer + "/" + i, found);
      }
    }
  }

  /** {@code node} with every number that has a fraction or an exponent replaced by null. */
  private static JsonNode withoutFractions(JsonNode node) {
    if (node.isNumber() && !node.isIntegralNumber()) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), withoutFractions(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(withoutFractions(element)));
      return copy;
    }
    return node;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }
}
