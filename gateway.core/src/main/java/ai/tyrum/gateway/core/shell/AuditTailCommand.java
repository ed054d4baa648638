package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.audit.AuditRecord;
import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code audit:tail [-n N] [--json]}: the last audit records, one summary line each, or as the JSON lines the log holds. */
@Component(service = Function.class)
@Command(scope = "audit", function = "tail")
public final class AuditTailCommand extends ShellCommand {

  private static final int SUMMARY_WIDTH = 80;

  private final AuditTrail audit;

  @Activate
  public AuditTailCommand(@Reference AuditTrail audit) {
    this.audit = audit;
  }

  @Descriptor("shows the last audit records")
  public String tail(
      @Descriptor("how many records") @Parameter(names = {"-n", "--count"}, absentValue = "20") int count,
      @Descriptor("print the records as JSON lines") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    if (count < 1) {
      throw usageError("-n must be at least 1");
    }
    List<AuditRecord> records = audit.tail(count);
    if (json) {
      // JSON lines, one record each as stored: the log's own format, for tools that read it
      return String.join("\n", records.stream().map(record -> Json.string(record.toJson())).toList());
    }
    if (records.isEmpty()) {
      return "audit log is empty";
    }
    ShellTable table = new ShellTable("SEQ", "TS", "TYPE", "SUMMARY");
    records.forEach(record -> table.row(record.seq(), record.ts(), record.type(), summary(record.payload())));
    return table.toString();
  }

  /**
   * What an operator scans for: the lifecycle kind, the plugin, the tool and decision, and why;
   * otherwise the payload itself, cut to {@value #SUMMARY_WIDTH} characters.
   */
  static String summary(Map<String, Object> payload) {
    List<String> parts = new ArrayList<>(3);
    if (payload.get("kind") instanceof String kind) {
      parts.add(kind);
    }
    if (payload.get("plugin") instanceof Map<?, ?> plugin && plugin.get("id") instanceof String id) {
      parts.add("plugin=" + id);
    } else if (payload.get("plugin") instanceof String id) {
      parts.add("plugin=" + id);
    }
    // plugin_tool.invoked carries no kind: the tool and the decision are what tell one call from another.
    if (payload.get("tool") instanceof String tool) {
      parts.add("tool=" + tool);
    }
    if (payload.get("decision") instanceof String decision) {
      parts.add("decision=" + decision);
    }
    if (payload.get("reason") instanceof String reason && !reason.isEmpty()) {
      parts.add("reason=" + reason);
    }
    if (!parts.isEmpty()) {
      return String.join(" ", parts);
    }
    String compact = Json.string(payload);
    return compact.length() <= SUMMARY_WIDTH ? compact : compact.substring(0, SUMMARY_WIDTH - 3) + "...";
  }
}
