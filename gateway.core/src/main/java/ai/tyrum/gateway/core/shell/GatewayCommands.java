package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.status.GatewayStatus;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code gateway:status}. */
@Component(
    service = GatewayCommands.class,
    property = {"osgi.command.scope=gateway", "osgi.command.function=status"})
public final class GatewayCommands {

  @Reference GatewayStatus status;

  @Descriptor("shows the gateway's status: plugins by state, tools, security posture")
  public String status(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json) throws Exception {
    if (help) {
      session.execute("help gateway:status");
      return null;
    }
    Map<String, Object> report = status.report();
    if (json) {
      return ShellJson.write(report);
    }
    StringBuilder out = new StringBuilder();
    report.forEach((k, v) -> out.append(String.format("%-9s %s%n", k, v)));
    return out.toString();
  }
}
