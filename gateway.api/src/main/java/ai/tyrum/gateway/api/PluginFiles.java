package ai.tyrum.gateway.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Files under the plugin's own data dir, for a plugin granted {@code fs.read} or {@code fs.write} on a
 * folder of it (DESIGN section 3). Paths are relative, with {@code /} between names; none may leave the
 * granted folder, through {@code ..} or through a symbolic link.
 */
@ProviderType
public interface PluginFiles {

  /**
   * The bytes of file {@code path}.
   *
   * @throws PluginException {@code permission_denied} outside every {@code fs.read} or {@code fs.write}
   *     grant; {@code invalid_path}; {@code file_not_found}; {@code file_too_large}; {@code fs_failed}
   */
  byte[] read(String path);

  /**
   * Replaces file {@code path} with {@code bytes}, atomically, creating its folders.
   *
   * @throws PluginException {@code permission_denied} outside every {@code fs.write} grant;
   *     {@code invalid_path}; {@code file_too_large}; {@code fs_failed}
   */
  void write(String path, byte[] bytes);

  /**
   * Deletes file {@code path}; false when there was none.
   *
   * @throws PluginException {@code permission_denied} outside every {@code fs.write} grant;
   *     {@code invalid_path}; {@code fs_failed}
   */
  boolean delete(String path);

  /**
   * The names in folder {@code path} ({@code ""} for the plugin's data dir), sorted; folders end with
   * {@code /}.
   *
   * @throws PluginException {@code permission_denied}; {@code invalid_path}; {@code fs_failed}
   */
  List<String> list(String path);
}
