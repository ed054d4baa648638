/**
 * Service interfaces between the gateway's own bundles (core, policy, marketplace). Never for plugins:
 * the gateway refuses a plugin that imports this package.
 */
@Export
// 2.0.0: PolicyDecision.redactions changed from compiled java.util.regex patterns to pattern sources,
// a change of a record component that breaks consumers and providers alike.
// 2.1.0: the marketplace's services (PluginLock, PluginInstaller, PluginPolicy and their records)
// 2.2.0: call budgets and the circuit breaker (CallBudgets, ToolPolicy.budgets), and a disable that
// says why (PluginInstaller.disable with a cause)
// and PluginData, the data the gateway keeps for each plugin, and its purge
// 2.3.0: MCP tools: ToolPolicy.trustsToolHints, LockEntry.mcpTools and McpToolPins, the pins' writer
@Version("2.3.0")
package ai.tyrum.gateway.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
