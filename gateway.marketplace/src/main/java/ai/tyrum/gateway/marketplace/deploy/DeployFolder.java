package ai.tyrum.gateway.marketplace.deploy;

import ai.tyrum.gateway.marketplace.install.Pipeline;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The hot-deploy folder {@code <data>/deploy} (DESIGN section 5): a jar dropped there goes through the
 * verified pipeline as a {@code deploy} install, held for approval unless policy preapproves deployed
 * jars; removing it uninstalls the plugin. At activation the folder and the lockfile are reconciled, so
 * the folder stays the truth for what it installed across restarts. See {@link DeployScan} for the rules
 * and {@link DeployedFile} for the files it refuses.
 */
@Component(immediate = true, service = {}, configurationPid = DeploySettings.PID)
@Designate(ocd = DeploySettings.class)
public final class DeployFolder {

  private final DeployWatch watch;

  @Activate
  public DeployFolder(
      @Reference Pipeline pipeline,
      @Reference PluginLock lock,
      @Reference DataDirectory data,
      @Reference GatewayEvents events,
      DeploySettings settings) {
    Duration settle = positive(settings.settle_ms(), "settle.ms");
    Duration rescan = positive(settings.rescan_ms(), "rescan.ms");
    Path folder;
    try {
      folder = data.dir("deploy").toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the deploy folder", e);
    }
    DeployScan scan = new DeployScan(folder, pipeline, lock, events, settle, System::nanoTime, System.getProperty("user.name", ""));
    watch = new DeployWatch(folder, scan, settle, rescan);
    watch.start();
  }

  @Deactivate
  void deactivate() {
    watch.close();
  }

  private static Duration positive(long millis, String property) {
    if (millis <= 0) {
      throw new IllegalArgumentException(DeploySettings.PID + " " + property + " must be a positive number of milliseconds, not " + millis);
    }
    return Duration.ofMillis(millis);
  }
}
