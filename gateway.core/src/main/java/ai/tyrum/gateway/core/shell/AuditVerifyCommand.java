package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.core.audit.VerifyReport;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code audit:verify [--full] [--json]}: checks the audit log's hash chain and says where it breaks;
 * from where the last sound check ended, or with {@code --full} from the first record.
 */
@Component(service = Function.class)
@Command(scope = "audit", function = "verify")
public final class AuditVerifyCommand extends ShellCommand {

  private final AuditTrail audit;

  @Activate
  public AuditVerifyCommand(@Reference AuditTrail audit) {
    this.audit = audit;
  }

  @Descriptor("checks the audit log's hash chain")
  public String verify(
      @Descriptor("check every record, not only those appended since the last sound check")
      @Parameter(names = "--full", presentValue = "true", absentValue = "false") boolean full,
      @Descriptor("print the report as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    VerifyReport report = audit.verify(full);
    if (json) {
      return Json.PRETTY.writeValueAsString(report.toJson());
    }
    String scope = report.full() ? "every record checked" : "records from seq " + report.fromSeq() + " checked";
    return report.ok()
        ? "audit log ok: " + report.records() + " records, chain intact (" + scope + ")"
        : "audit log BROKEN at seq " + report.firstBadSeq() + ": " + report.problem();
  }
}
