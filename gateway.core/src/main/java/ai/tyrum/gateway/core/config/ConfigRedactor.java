package ai.tyrum.gateway.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Redaction on the call path (DESIGN section 3): what a tool or a command of a plugin hands out never
 * carries a sensitive config value of that plugin. Reads the values the config store keeps current.
 */
@Component(service = Redactor.class)
public final class ConfigRedactor implements Redactor {

  private final SensitiveValues sensitive;

  @Activate
  public ConfigRedactor(@Reference SensitiveValues sensitive) {
    this.sensitive = sensitive;
  }

  @Override
  public JsonNode redact(String pluginId, JsonNode output) {
    Set<String> values = sensitive.of(pluginId);
    if (values.isEmpty()) {
      return output;
    }
    // longest first: a value that contains another is replaced whole
    List<String> longestFirst = new ArrayList<>(values);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    return redact(output, longestFirst);
  }

  @Override
  public String redact(String pluginId, String text) {
    return redact(pluginId, JsonNodeFactory.instance.stringNode(text)).stringValue();
  }

  private static JsonNode redact(JsonNode node, List<String> values) {
    if (node.isString()) {
      String text = node.stringValue();
      for (String value : values) {
        text = text.replace(value, REDACTED);
      }
      return text.equals(node.stringValue()) ? node : JsonNodeFactory.instance.stringNode(text);
    }
    if (node instanceof ObjectNode object) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      object.properties().forEach(e -> copy.set(e.getKey(), redact(e.getValue(), values)));
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      array.forEach(e -> copy.add(redact(e, values)));
      return copy;
    }
    return node;
  }
}
