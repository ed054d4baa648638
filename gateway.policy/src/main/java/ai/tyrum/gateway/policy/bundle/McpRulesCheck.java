package ai.tyrum.gateway.policy.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mcp:} rules that span files (see {@code PolicyMerge}). Trusting a server's hints lets its
 * read-only tools out of opt-in for every agent, since the server is one for the whole gateway, so an
 * agent file may not hold the section; {@code overrides.yml} may only drop servers from the deployment's
 * list. The merge narrows either way; refusing here tells the operator, with the file and the pointer,
 * that an entry would have had no effect.
 */
final class McpRulesCheck {

  private McpRulesCheck() {}

  static List<String> faults(EgressClassCheck.Named deployment, List<EgressClassCheck.Named> agents, EgressClassCheck.Named overrides) {
    List<String> faults = new ArrayList<>();
    for (EgressClassCheck.Named agent : agents) {
      if (agent.layer().mcp().present()) {
        faults.add(agent.name() + ": " + EgressClassReader.fault("/mcp", "mcp_not_per_agent",
            "which MCP servers' tool hints are trusted holds for the whole gateway, not one agent:"
                + " move this section to " + deployment.name() + " (or narrow it in " + overrides.name() + ")"));
      }
    }
    List<String> trusted = deployment.layer().mcp().trustHints().orElse(List.of());
    List<String> narrowing = overrides.layer().mcp().trustHints().orElse(List.of());
    for (int i = 0; i < narrowing.size(); i++) {
      if (!trusted.contains(narrowing.get(i))) {
        faults.add(overrides.name() + ": " + EgressClassReader.fault("/mcp/trust_hints/" + i, "mcp_override_widens",
            "server " + narrowing.get(i) + " is not in " + deployment.name() + "'s trust_hints, and " + overrides.name()
                + " can only remove servers from that list, never add one"));
      }
    }
    return faults;
  }
}
