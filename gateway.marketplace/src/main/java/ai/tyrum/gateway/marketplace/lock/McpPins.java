package ai.tyrum.gateway.marketplace.lock;

import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.LockEntry.Approver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The MCP tool pins of a lockfile entry ({@code mcp_tools}): per {@code <server>/<tool>}, the SHA-256
 * of the tool's definition as the operator approved it.
 */
public final class McpPins {

  private static final Pattern SERVER = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private McpPins() {}

  /** The lockfile key of tool {@code tool} of server {@code server}. */
  public static String key(String server, String tool) {
    return server + "/" + tool;
  }

  /** Whether {@code key} is a {@code <server>/<tool>} key as {@link #key} writes it. */
  static boolean validKey(String key) {
    int slash = key.indexOf('/');
    return slash > 0 && SERVER.matcher(key.substring(0, slash)).matches() && TOOL.matcher(key.substring(slash + 1)).matches();
  }

  /**
   * Refuses pins of the wrong form, before anything is written.
   *
   * @throws GatewayException {@code invalid_pin} naming the server, tool or digest at fault
   */
  public static void check(String server, Map<String, String> tools) {
    if (!SERVER.matcher(server).matches()) {
      throw new GatewayException("invalid_pin", 400, "MCP server id " + server + " is not of the form [a-z][a-z0-9_-]{0,62}", List.of("server"));
    }
    if (tools.isEmpty()) {
      throw new GatewayException("invalid_pin", 400, "no tool of server " + server + " to pin", List.of("tools"));
    }
    tools.forEach((tool, sha256) -> {
      if (!TOOL.matcher(tool).matches()) {
        throw new GatewayException("invalid_pin", 400, "MCP tool name " + tool + " is not of the form [A-Za-z0-9_.-]{1,128}", List.of("tools/" + tool));
      }
      if (sha256 == null || !SHA256.matcher(sha256).matches()) {
        throw new GatewayException("invalid_pin", 400, "the digest of MCP tool " + tool + " is not 64 lower-case hex digits", List.of("tools/" + tool));
      }
    });
  }

  /** {@code entry} with {@code tools} of {@code server} pinned, the other pins kept, and {@code actor} as an approver. */
  public static LockEntry pinned(LockEntry entry, String server, Map<String, String> tools, String actor) {
    Map<String, String> pins = new TreeMap<>(entry.mcpTools());
    tools.forEach((tool, sha256) -> pins.put(key(server, tool), sha256));
    return entry.withMcpTools(pins, new Approver(actor, Instant.now(), "mcp_tools " + server));
  }

  /** {@code entry} with exactly the pins {@code pins}. */
  public static LockEntry withPins(LockEntry entry, Map<String, String> pins) {
    return new LockEntry(entry.id(), entry.version(), entry.bundle(), entry.state(), entry.source(), entry.sha256(), entry.size(),
        entry.granted(), entry.contracts(), entry.approvedBy(), entry.installedAt(), pins);
  }
}
