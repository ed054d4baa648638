package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.status.GatewayStatus;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code gateway:status}: plugins by state, tools, security posture, one {@code key value} line each. */
@Component(service = Function.class)
@Command(scope = "gateway", function = "status")
public final class GatewayStatusCommand extends ShellCommand {

  private final GatewayStatus status;

  @Activate
  public GatewayStatusCommand(@Reference GatewayStatus status) {
    this.status = status;
  }

  @Descriptor("shows the gateway's status: plugins by state, tools, security posture")
  public String status(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    Map<String, Object> report = status.report();
    if (json) {
      return Json.PRETTY.writeValueAsString(report);
    }
    ShellTable table = ShellTable.of(2);
    report.forEach((key, value) -> {
      if (value instanceof List<?> rows) {
        // one row each (the plugins' sources), each as one line of JSON, as --json writes it
        rows.forEach(row -> table.row(key, Json.string(row)));
      } else {
        // nested values (plugins by state, configs) as one line of JSON, as --json writes them
        table.row(key, value instanceof Map<?, ?> ? Json.string(value) : value);
      }
    });
    return table.toString();
  }
}
