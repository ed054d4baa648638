package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.data.AtomicFiles;
import ai.tyrum.gateway.core.export.SupportExport;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code gateway:export FILE}: writes the support export (a zip) to a file, atomically. */
@Component(service = Function.class)
@Command(scope = "gateway", function = "export")
public final class GatewayExportCommand extends ShellCommand {

  private final SupportExport export;

  @Activate
  public GatewayExportCommand(@Reference SupportExport export) {
    this.export = export;
  }

  @Descriptor("writes the support export (a zip: plugins, status, masked configs, audit verdict and tail) to a file")
  public String export(@Descriptor("the zip file to write") String file) throws IOException {
    Path target = Path.of(file).toAbsolutePath().normalize();
    if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
      throw new CommandError("no_such_directory", target.getParent() + " does not exist", List.of());
    }
    byte[] zip = export.zip();
    AtomicFiles.write(target, zip);
    return "support export written to " + target + " (" + zip.length + " bytes: " + String.join(", ", SupportExport.entries()) + ")";
  }
}
