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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads one policy file: YAML, validated against the published schema {@code schemas/policy.schema.json}
 * (JSON Schema 2020-12), then checked for what a schema cannot say (redaction patterns compile as RE2,
 * the linear-time syntax the core runs them with; egress endpoints are exact {@code host:port}).
 * Thread-safe; the schema is compiled once.
 */
public final class PolicyReader {

  /** The schema's path inside this bundle; the build also publishes it as {@code etc/policy.schema.json}. */
  public static final String SCHEMA_RESOURCE = "schemas/policy.schema.json";
  /** Policy is a few rules, not data: a larger file is a mistake or an attack on the parser. */
  public static final int MAX_FILE_BYTES = 256 * 1024;

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

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
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw invalid(name, List.of(name + ": not valid YAML: " + e.getOriginalMessage()));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return PolicyLayer.EMPTY; // an empty file says nothing
    }
    List<Violation> violations = Schemas.validate(schema, tree);
    EgressClassReader.Result egress = EgressClassReader.read(tree.path(EgressClassReader.KEY));
    List<String> faults = new ArrayList<>();
    // where the egress reader found a fault it says more than the schema's pattern message, so its word stands
    String egressPointer = "/" + EgressClassReader.KEY;
    violations.stream()
        .filter(v -> egress.faults().isEmpty() || !(v.pointer().equals(egressPointer) || v.pointer().startsWith(egressPointer + "/")))
        .forEach(v -> faults.add(name + ": " + v.pointer() + ": " + v.message()));
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
        egress.classes());
  }

  private static PolicyException invalid(String name, List<String> details) {
    return new PolicyException("invalid_policy", "policy file " + name + " is not valid", details);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }
}
