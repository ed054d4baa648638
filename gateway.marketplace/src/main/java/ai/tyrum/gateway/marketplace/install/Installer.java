package ai.tyrum.gateway.marketplace.install;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Installs plugins through the verified pipeline and uninstalls them: a jar is read once, hashed and
 * inspected, and only then installed from the verified bytes; a refused jar leaves no trace but a
 * {@code failed} event.
 */
public interface Installer {

  /**
   * Installs and starts the plugin in {@code jar}.
   *
   * @param sha256 the hex SHA-256 the jar must have, if the caller knows it
   * @throws InstallException with the stable reason ({@code no_such_file}, {@code invalid_jar},
   *     {@code integrity_mismatch}, {@code already_installed} or the manifest check's reason); nothing
   *     is installed
   */
  Installed install(Path jar, Optional<String> sha256);

  /**
   * Stops and uninstalls the plugin {@code id}; its tools, commands and routes go away at once.
   *
   * @return whether the framework released the old revision within the wait (a refresh)
   * @throws InstallException {@code unknown_plugin}
   */
  boolean uninstall(String id);

  /**
   * A plugin installed from verified bytes.
   *
   * @param startFailure why it did not start, if it did not: it stays installed, and plugin:info says why
   */
  record Installed(String id, String version, long bundleId, String sha256, Optional<String> startFailure) {}
}
