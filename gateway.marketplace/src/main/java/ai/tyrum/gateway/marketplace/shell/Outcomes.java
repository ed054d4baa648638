package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.json.Json;
import java.util.List;
import java.util.Map;

/** How the plugin commands print what the pipeline answered: a few lines for people, or JSON. */
final class Outcomes {

  private Outcomes() {}

  static String print(Map<String, Object> outcome, boolean json) {
    if (json) {
      return Json.PRETTY.writeValueAsString(outcome);
    }
    StringBuilder out = new StringBuilder();
    out.append(outcome.get("id")).append(' ').append(outcome.getOrDefault("version", "")).append(": ").append(outcome.get("state"));
    if (outcome.containsKey("sha256")) {
      out.append("\n  sha256   ").append(outcome.get("sha256"));
    }
    if (outcome.get("source") instanceof Map<?, ?> source) {
      out.append("\n  source   ").append(source.get("kind")).append(' ').append(source.get("location"));
      if (source.get("key_id") != null) {
        out.append(" (key ").append(source.get("key_id")).append(')');
      }
    }
    if (outcome.get("requested") instanceof List<?> requested && !requested.isEmpty()) {
      out.append("\n  requests");
      for (Object item : requested) {
        Map<?, ?> permission = (Map<?, ?>) item;
        out.append("\n    ").append(permission.get("permission")).append("  (").append(permission.get("reason")).append(')');
      }
    }
    list(out, "granted", outcome.get("granted"));
    list(out, "missing", outcome.get("missing"));
    if (outcome.get("difference") instanceof Map<?, ?> difference) {
      difference.forEach((what, items) -> list(out, String.valueOf(what).replace('_', ' '), items));
    }
    if (outcome.containsKey("start_failure")) {
      out.append("\n  did not start: ").append(outcome.get("start_failure"));
    }
    if (outcome.containsKey("next")) {
      out.append("\n  next: ").append(outcome.get("next"));
    }
    return out.toString();
  }

  private static void list(StringBuilder out, String label, Object items) {
    if (items instanceof List<?> list && !list.isEmpty()) {
      out.append("\n  ").append(String.format("%-8s", label)).append(' ');
      out.append(String.join(", ", list.stream().map(String::valueOf).toList()));
    }
  }
}
