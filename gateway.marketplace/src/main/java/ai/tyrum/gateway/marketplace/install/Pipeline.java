package ai.tyrum.gateway.marketplace.install;

import ai.tyrum.gateway.spi.InstallRequest;
import ai.tyrum.gateway.spi.PluginInstaller;
import java.util.Map;

/** The verified install pipeline with the doors that only the marketplace itself opens. */
public interface Pipeline extends PluginInstaller {

  /**
   * Installs like {@link #install(InstallRequest)}, recording the bytes as coming from {@code originKind}
   * ({@link ai.tyrum.gateway.spi.PluginOrigin#DEPLOY} for the deploy folder): a deploy-folder jar is held
   * for approval unless policy preapproves deployed jars.
   */
  Map<String, Object> install(InstallRequest request, String originKind);

  /** Applies the revocations of the catalogs as last read: an installed version they revoke stops. */
  void revocationsChanged();
}
