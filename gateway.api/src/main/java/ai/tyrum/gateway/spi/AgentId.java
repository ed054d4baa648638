package ai.tyrum.gateway.spi;

/**
 * The one rule for agent ids, wherever one arrives (a call, a shell option, a policy file name): 1 to 64
 * of ASCII letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit.
 *
 * @since 1.3
 */
public final class AgentId {

  /** The agent a caller acts as when it names none. */
  public static final String DEFAULT = "default";

  /** The longest agent id. */
  public static final int MAX_LENGTH = 64;

  /** What a refusal says to do. */
  public static final String RULE =
      "agent ids are 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or digit";

  private AgentId() {}

  /**
   * Whether {@code agent} is a valid agent id. Checked on every tool call, so by hand rather than by a
   * regular expression: {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}.
   */
  public static boolean valid(String agent) {
    if (agent == null || agent.isEmpty() || agent.length() > MAX_LENGTH || !letterOrDigit(agent.charAt(0))) {
      return false;
    }
    for (int i = 1; i < agent.length(); i++) {
      char c = agent.charAt(i);
      if (!letterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
