package ai.tyrum.gateway.core.shell;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON output of the shell commands' {@code --json} mode. */
final class ShellJson {

  private static final JsonMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ShellJson() {}

  static String write(Object value) {
    return PRETTY.writeValueAsString(value);
  }
}
