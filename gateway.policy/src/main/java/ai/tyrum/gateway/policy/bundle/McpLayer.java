package ai.tyrum.gateway.policy.bundle;

import java.util.List;
import java.util.Optional;

/**
 * One file's {@code mcp:} section as written: absent keys stay absent, so that the merge and the checks
 * across files can tell "not said" from "said". {@code trustHints} keeps file order, so that a fault can
 * name an entry's JSON pointer.
 *
 * @param present whether the file has an {@code mcp:} key at all (an agent file may not)
 * @param trustHints the MCP servers, each {@code <plugin-id>/<server>}, whose tool hints policy trusts
 */
public record McpLayer(boolean present, Optional<List<String>> trustHints) {

  public static final McpLayer EMPTY = new McpLayer(false, Optional.empty());

  public McpLayer {
    trustHints = trustHints.map(List::copyOf);
  }
}
