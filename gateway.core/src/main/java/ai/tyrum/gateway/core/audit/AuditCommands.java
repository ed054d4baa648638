package ai.tyrum.gateway.core.audit;

import ai.tyrum.gateway.lib.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo commands {@code audit:tail} and {@code audit:verify} (DESIGN §7). */
@Component(
    service = AuditCommands.class,
    property = {
      "osgi.command.scope=audit",
      "osgi.command.function=tail",
      "osgi.command.function=verify"
    })
public final class AuditCommands {

  private static final int SUMMARY_WIDTH = 80;

  @Reference AuditTrail audit;

  public AuditCommands() {}

  AuditCommands(AuditTrail audit) {
    this.audit = audit;
  }

  @Descriptor("show the last audit records")
  public String tail(
      CommandSession session,
      @Descriptor("how many records (default 20)") @Parameter(names = {"-n", "--count"}, absentValue = "20")
          int n,
      @Descriptor("print JSON lines") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false")
          boolean help)
      throws Exception {
    if (help) {
      session.execute("help audit:tail");
      return null;
    }
    if (n < 1) {
      return "audit:tail: -n must be at least 1 (see audit:tail --help)";
    }
    List<AuditRecord> records = audit.tail(n);
    if (json) {
      return String.join("\n", records.stream().map(record -> Json.string(record.toJson())).toList());
    }
    if (records.isEmpty()) {
      return "audit log is empty";
    }
    List<String[]> rows = new ArrayList<>(records.size() + 1);
    rows.add(new String[] {"SEQ", "TS", "TYPE", "SUMMARY"});
    for (AuditRecord record : records) {
      rows.add(new String[] {Long.toString(record.seq()), record.ts(), record.type(), summary(record.payload())});
    }
    return table(rows);
  }

  @Descriptor("check the audit log's hash chain")
  public String verify(
      CommandSession session,
      @Descriptor("print the report as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false")
          boolean help)
      throws Exception {
    if (help) {
      session.execute("help audit:verify");
      return null;
    }
    VerifyReport report = audit.verify();
    if (json) {
      return Json.string(report.toJson());
    }
    return report.ok()
        ? "audit log ok: " + report.records() + " records, chain intact"
        : "audit log BROKEN at seq " + report.firstBadSeq() + ": " + report.problem();
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

  static String table(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      if (out.length() > 0) {
        out.append('\n');
      }
      for (int c = 0; c < columns; c++) {
        boolean last = c == columns - 1;
        out.append(last ? row[c] : String.format("%-" + widths[c] + "s  ", row[c]));
      }
    }
    return out.toString();
  }
}
