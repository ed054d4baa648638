package ai.tyrum.gateway.core.config;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where in a config a shell write goes: a JSON pointer ({@code /retry/times}, RFC 6901) or a dotted path
 * ({@code retry.times}). Every segment names an object property; a name with a dot needs the pointer form.
 */
record ConfigPath(List<String> names) {

  ConfigPath {
    names = List.copyOf(names);
  }

  static ConfigPath parse(String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      throw invalid(path, "name a property, such as /greeting or greeting");
    }
    List<String> names = new ArrayList<>();
    if (path.startsWith("/")) {
      for (String token : path.substring(1).split("/", -1)) {
        names.add(token.replace("~1", "/").replace("~0", "~"));
      }
    } else {
      for (String name : path.split("\\.", -1)) {
        names.add(name);
      }
    }
    if (names.stream().anyMatch(String::isEmpty)) {
      throw invalid(path, "a path has no empty segments");
    }
    return new ConfigPath(names);
  }

  /** A copy of {@code config} with {@code value} at this path, creating the objects on the way. */
  ObjectNode set(ObjectNode config, JsonNode value) {
    ObjectNode copy = config.deepCopy();
    parentIn(copy, true).set(names.get(names.size() - 1), value);
    return copy;
  }

  /** A copy of {@code config} without the property at this path. */
  ObjectNode unset(ObjectNode config) {
    ObjectNode copy = config.deepCopy();
    ObjectNode parent = parentIn(copy, false);
    if (parent != null) {
      parent.remove(names.get(names.size() - 1));
    }
    return copy;
  }

  private ObjectNode parentIn(ObjectNode config, boolean create) {
    ObjectNode node = config;
    for (String name : names.subList(0, names.size() - 1)) {
      JsonNode child = node.get(name);
      if (child == null && create) {
        child = node.putObject(name);
      }
      if (child == null) {
        return null;
      }
      if (!(child instanceof ObjectNode object)) {
        throw invalid(pointer(), "/" + ConfigSchema.escape(name) + " is not an object");
      }
      node = object;
    }
    return node;
  }

  String pointer() {
    StringBuilder out = new StringBuilder();
    names.forEach(n -> out.append('/').append(ConfigSchema.escape(n)));
    return out.toString();
  }

  private static ConfigException invalid(String path, String why) {
    return new ConfigException("invalid_path", 400, "cannot write config path " + path + ": " + why, List.of());
  }
}
