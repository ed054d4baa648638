package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code exit}: stops the gateway, as Ctrl-D does at its console. In the {@code gogo} scope because the
 * console's profile searches that scope first ({@code SCOPE = 'gogo:*'}): otherwise a bare {@code exit}
 * could find the {@code system:exit} that the profile adds for {@code java.lang.System.exit(int)}, which
 * needs a status and would end the JVM without stopping the framework first.
 */
@Component(service = Function.class)
@Command(scope = "gogo", function = "exit")
public final class ExitCommand extends ShellCommand {

  private static final long STOP_BEGINS_SECONDS = 5;

  private final BundleContext context;

  @Activate
  public ExitCommand(BundleContext context) {
    this.context = context;
  }

  @Descriptor("stops the gateway and leaves the console (Ctrl-D does the same)")
  public String exit() throws BundleException, InterruptedException {
    // The system bundle stops on a thread of its own (OSGi Core 4.3.6), so this returns first; it waits
    // until that thread has begun, so that whoever runs the next command (piped input) sees the stop
    Bundle system = context.getBundle(0);
    system.stop();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_BEGINS_SECONDS);
    while (system.getState() == Bundle.ACTIVE && System.nanoTime() - deadline < 0) {
      Thread.sleep(1);
    }
    return "stopping the gateway";
  }
}
