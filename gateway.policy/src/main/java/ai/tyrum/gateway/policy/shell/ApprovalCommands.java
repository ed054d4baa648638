package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.policy.approval.ApprovalStore;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalException;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code approval:list}, {@code approval:approve} and {@code approval:deny}. */
@Component(
    service = ApprovalCommands.class,
    property = {
      "osgi.command.scope=approval",
      "osgi.command.function=list",
      "osgi.command.function=approve",
      "osgi.command.function=deny"
    })
public final class ApprovalCommands {

  /** Who decided, in approval records and events, when the decision came from the console. */
  static final String CONSOLE = "console";

  @Reference ApprovalStore approvals;

  @Descriptor("lists approvals, newest first: the exact call each covers and where it stands")
  public String list(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("only approvals in this state (pending, approved, denied, expired, used)")
          @Parameter(names = "--state", absentValue = "") String state,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json) throws Exception {
    if (help) {
      session.execute("help approval:list");
      return null;
    }
    List<Approval> list = approvals.list().stream().filter(a -> state.isEmpty() || a.state().name().equals(state)).toList();
    if (json) {
      return Text.json(Map.of("approvals", list.stream().map(Approval::toJson).toList()));
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-36s  %-8s  %-28s  %-10s  %-24s  %s%n", "ID", "STATE", "TOOL", "AGENT", "EXPIRES", "INPUT SHA-256"));
    for (Approval a : list) {
      out.append(String.format("%-36s  %-8s  %-28s  %-10s  %-24s  %s%n", a.id(), a.state().name(), a.call().toolId(),
          a.call().agent(), a.expiresAt(), a.call().inputSha256().substring(0, 16) + "..."));
    }
    return out.toString();
  }

  @Descriptor("shows how to use approval:approve")
  public String approve(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help approval:approve");
    return null;
  }

  @Descriptor("approves a pending approval: the call it covers may then run, once")
  public String approve(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("approval id") String id) throws Exception {
    if (help) {
      session.execute("help approval:approve");
      return null;
    }
    try {
      Approval approval = approvals.approve(id, CONSOLE);
      return "approved " + approval.id() + ": " + approval.call().toolId() + " for agent " + approval.call().agent()
          + ", usable once until " + approval.expiresAt();
    } catch (ApprovalException e) {
      throw new IllegalStateException("error " + e.code() + ": " + e.getMessage());
    }
  }

  @Descriptor("shows how to use approval:deny")
  public String deny(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help approval:deny");
    return null;
  }

  @Descriptor("denies a pending approval: the call it covers fails with approval_denied")
  public String deny(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("why, shown to the caller") @Parameter(names = "--reason", absentValue = "") String reason,
      @Descriptor("approval id") String id) throws Exception {
    if (help) {
      session.execute("help approval:deny");
      return null;
    }
    try {
      Approval approval = approvals.deny(id, CONSOLE, reason);
      return "denied " + approval.id() + ": " + approval.call().toolId() + " for agent " + approval.call().agent();
    } catch (ApprovalException e) {
      throw new IllegalStateException("error " + e.code() + ": " + e.getMessage());
    }
  }
}
