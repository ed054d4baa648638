package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.lib.json.Json;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** JSON output of the shell commands' {@code --json} mode. */
final class ShellJson {

  private static final ObjectWriter PRETTY = Json.PRETTY;

  private ShellJson() {}

  static String write(Object value) {
    return PRETTY.writeValueAsString(value);
  }
}
