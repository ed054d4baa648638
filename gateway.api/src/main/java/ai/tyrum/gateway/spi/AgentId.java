package ai.tyrum.gateway.spi;

import java.util.regex.Pattern;

/**
 * The one rule for agent ids, wherever one arrives (a call, a shell option, a policy file name): 1 to 64
 * of letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit.
 *
 * @since 1.3
 */
public final class AgentId {

  /** The agent a caller acts as when it names none. */
  public static final String DEFAULT = "default";

  /** What every agent id matches. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** What a refusal says to do. */
  public static final String RULE = "agent ids are 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or digit";

  private AgentId() {}

  /** Whether {@code agent} is a valid agent id. */
  public static boolean valid(String agent) {
    return agent != null && PATTERN.matcher(agent).matches();
  }
}
