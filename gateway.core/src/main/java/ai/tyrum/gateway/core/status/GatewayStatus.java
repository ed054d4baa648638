package ai.tyrum.gateway.core.status;

import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.core.config.ConfigService;
import ai.tyrum.gateway.core.extender.PluginScan;
import ai.tyrum.gateway.core.mcp.serve.AgentServers;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.core.report.PluginReport;
import ai.tyrum.gateway.core.report.PluginReports;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The gateway's status, the same for {@code GET /status} and {@code gateway:status}. */
@Component(service = GatewayStatus.class)
public final class GatewayStatus {

  private final Plugins registry;
  private final PluginReports reports;
  private final PluginScan scan;
  private final ConfigService configs;
  private final AuditTrail audit;
  private final Instant started = Instant.now();
  private final String version;
  private final String data;
  private final Map<String, Object> security;
  private final BundleContext context;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile ToolPolicy policy;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile AgentServers mcp;

  @Activate
  public GatewayStatus(
      @Reference Plugins registry,
      @Reference PluginReports reports,
      @Reference PluginScan scan,
      @Reference ConfigService configs,
      @Reference AuditTrail audit,
      BundleContext context) {
    this.registry = registry;
    this.reports = reports;
    this.scan = scan;
    this.configs = configs;
    this.audit = audit;
    this.context = context;
    this.version = context.getBundle().getVersion().toString();
    this.data = String.valueOf(context.getProperty("tyrum.data"));
    this.security = security(context);
  }

  /**
   * Hardened mode (DESIGN section 6) as the launcher decided it: what {@code --security} asked for, what runs
   * and why. A framework the launcher did not start tells only whether a security manager is installed.
   */
  private static Map<String, Object> security(BundleContext context) {
    String mode = System.getSecurityManager() == null ? "off" : "on";
    Map<String, Object> security = new LinkedHashMap<>();
    security.put("requested", Objects.requireNonNullElse(context.getProperty("tyrum.security.requested"), mode));
    security.put("mode", Objects.requireNonNullElse(context.getProperty("tyrum.security.mode"), mode));
    security.put("reason", Objects.requireNonNullElse(context.getProperty("tyrum.security.reason"), ""));
    return java.util.Collections.unmodifiableMap(security);
  }

  /** Whether the gateway has read every plugin present at start and can serve. */
  public boolean ready() {
    return scan.scanned();
  }

  /**
   * The report: {@code plugins} counts the plugins by the state clients see, {@code plugin_sources}
   * gives each one's version, state, source, integrity, size and granted permissions (DESIGN section 8), and
   * {@code run_set} the gateway's own bundles that are not active.
   */
  public Map<String, Object> report() {
    List<PluginReport> known = reports.reports();
    Map<PluginState, Integer> counts = new EnumMap<>(PluginState.class);
    for (PluginReport plugin : known) {
      counts.merge(plugin.state(), 1, Integer::sum);
    }
    Map<String, Object> plugins = new LinkedHashMap<>();
    for (PluginState state : PluginState.values()) {
      plugins.put(state.name(), counts.getOrDefault(state, 0));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", ready() ? "ready" : "starting");
    json.put("version", version);
    json.put("uptime_s", Duration.between(started, Instant.now()).toSeconds());
    json.put("data", data);
    json.put("security", security);
    json.put("audit_sync", audit.sync().name());
    json.put("plugins", plugins);
    json.put("plugin_sources", known.stream().map(PluginReport::toIntegrity).toList());
    json.put("tools", registry.tools().size());
    json.put("commands", registry.commands().size());
    AgentServers agents = mcp;
    // agents connected at /mcp, and how many of them listen for tool-list changes
    json.put("mcp_sessions", agents == null ? 0 : agents.sessions());
    json.put("mcp_listening", agents == null ? 0 : agents.listening());
    ToolPolicy current = policy;
    json.put("policy_snapshot", current == null ? "" : current.snapshotId());
    json.put("configs", configs.maskedConfigs()); // sensitive values masked
    json.put("run_set", RunSetState.of(context));
    return json;
  }
}
