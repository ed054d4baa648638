package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.data.AtomicFiles;
import ai.tyrum.gateway.core.export.SupportExport;
import ai.tyrum.gateway.core.status.GatewayStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code gateway:status} and {@code gateway:export}. */
@Component(
    service = GatewayCommands.class,
    property = {"osgi.command.scope=gateway", "osgi.command.function=status", "osgi.command.function=export"})
public final class GatewayCommands {

  @Reference GatewayStatus status;
  @Reference SupportExport export;

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

  @Descriptor("writes the support export (a zip: plugins, status, masked configs, audit verdict and tail) to a file")
  public String export(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("the zip file to write") String file) throws Exception {
    if (help) {
      session.execute("help gateway:export");
      return null;
    }
    Path target = Path.of(file).toAbsolutePath().normalize();
    if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
      throw new IllegalArgumentException("no_such_directory: " + target.getParent() + " does not exist");
    }
    byte[] zip = export.zip();
    AtomicFiles.write(target, zip);
    return "support export written to " + target + " (" + zip.length + " bytes: "
        + String.join(", ", SupportExport.entries()) + ")";
  }

  @Descriptor("shows how to use gateway:export")
  public String export(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help gateway:export");
    return null;
  }
}
