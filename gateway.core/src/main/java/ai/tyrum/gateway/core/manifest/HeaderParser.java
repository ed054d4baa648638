package ai.tyrum.gateway.core.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Version;

/**
 * Parses OSGi manifest headers of the Provide-Capability / Require-Capability form (OSGi Core 3.2.4 and
 * 3.3.6): clauses separated by commas, each of names, {@code attr[:type]=value} and
 * {@code directive:=value}, values optionally quoted. Typed attributes (Version, Long, Double and
 * their Lists) get the Java types the framework would give them. Used only for jars that are not
 * installed; for installed bundles the framework's own parse is read through the revision.
 */
final class HeaderParser {

  /** One clause of a header. */
  record Clause(List<String> names, Map<String, Object> attributes, Map<String, String> directives) {}

  private HeaderParser() {}

  static List<Clause> parse(String header) {
    List<Clause> clauses = new ArrayList<>();
    for (String clause : split(header, ',')) {
      if (clause.isBlank()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      Map<String, Object> attributes = new LinkedHashMap<>();
      Map<String, String> directives = new LinkedHashMap<>();
      for (String part : split(clause, ';')) {
        String p = part.strip();
        int eq = indexOfUnquoted(p, '=');
        if (eq < 0) {
          names.add(p);
        } else if (eq > 0 && p.charAt(eq - 1) == ':') {
          directives.put(p.substring(0, eq - 1).strip(), unquote(p.substring(eq + 1).strip()));
        } else {
          String key = p.substring(0, eq).strip();
          String value = unquote(p.substring(eq + 1).strip());
          int colon = key.indexOf(':');
          if (colon < 0) {
            attributes.put(key, value);
          } else {
            attributes.put(key.substring(0, colon).strip(), typedOrRefused(key, value));
          }
        }
      }
      clauses.add(new Clause(List.copyOf(names), attributes, directives));
    }
    return clauses;
  }

  /**
   * The value of a typed attribute ({@code name:Type=value}, OSGi core section 3.2.4).
   *
   * @throws ManifestException {@code invalid_header} when the type is unknown in form or the value is not one
   */
  private static Object typedOrRefused(String key, String value) {
    String type = key.substring(key.indexOf(':') + 1).strip();
    try {
      return typed(type, value);
    } catch (RuntimeException e) {
      throw new ManifestException(List.of(new ManifestFault("invalid_header",
          "attribute " + key + " = \"" + value + "\" is not a valid " + type + " value")));
    }
  }

  private static Object typed(String type, String value) {
    if (type.startsWith("List")) {
      String element = type.length() > 4 ? type.substring(5, type.length() - 1).strip() : "String";
      List<Object> list = new ArrayList<>();
      for (String item : splitList(value)) {
        list.add(typed(element, item));
      }
      return List.copyOf(list);
    }
    return switch (type) {
      case "Version" -> Version.parseVersion(value.strip());
      case "Long" -> Long.valueOf(value.strip());
      case "Double" -> Double.valueOf(value.strip());
      default -> value;
    };
  }

  /** Splits a List value on unescaped commas, honouring backslash escapes. */
  private static List<String> splitList(String value) {
    List<String> items = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        current.append(value.charAt(++i));
      } else if (c == ',') {
        items.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.isEmpty() || !items.isEmpty()) {
      items.add(current.toString().strip());
    }
    return items;
  }

  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  private static int indexOfUnquoted(String text, char wanted) {
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == wanted && !quoted) {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      StringBuilder out = new StringBuilder();
      String inner = value.substring(1, value.length() - 1);
      for (int i = 0; i < inner.length(); i++) {
        char c = inner.charAt(i);
        // keep escapes in List values for splitList; unescape quotes and backslashes elsewhere
        if (c == '\\' && i + 1 < inner.length() && (inner.charAt(i + 1) == '"')) {
          out.append(inner.charAt(++i));
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
    return value;
  }
}
