package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.core.data.AtomicFiles;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.PluginData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The data the gateway keeps for each plugin, {@code <data dir>/plugin-data/<plugin-id>/}: {@code store/}
 * for its private store, {@code files/} for its files. Holds the stores that are open, one per plugin,
 * so that a purge and the gateway's stop close them; the limits of both are configuration
 * ({@link PluginDataLimits}), read on every use.
 */
@Component(service = {PluginDataDirs.class, PluginData.class}, configurationPid = PluginDataLimits.PID)
@Designate(ocd = PluginDataLimits.class)
public final class PluginDataDirs implements PluginData {

  static final String DIR = "plugin-data";
  private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  /** A purged plugin's data is first renamed to this prefix: a crash mid-delete never leaves half of it under the id. */
  private static final String PURGING = ".purging-";

  private final DataDirectory data;
  private final Map<String, PluginStore> open = new ConcurrentHashMap<>();
  private volatile PluginDataLimits limits;

  @Activate
  public PluginDataDirs(@Reference DataDirectory data, PluginDataLimits limits) {
    this.data = data;
    this.limits = limits;
    deleteLeftoverPurges();
  }

  @Modified
  void modified(PluginDataLimits changed) {
    this.limits = changed;
  }

  @Deactivate
  void deactivate() {
    open.values().forEach(PluginStore::close);
    open.clear();
  }

  PluginDataLimits limits() {
    return limits;
  }

  /** The folder of {@code pluginId}'s files, created owner-only if missing. */
  Path files(String pluginId) {
    return data.dir(DIR + "/" + requireId(pluginId) + "/files");
  }

  /** {@code pluginId}'s private store, opened (and created) at its first use. */
  PluginStore store(String pluginId) {
    requireId(pluginId);
    return open.computeIfAbsent(pluginId, id -> PluginStore.open(data.dir(DIR + "/" + id + "/store").resolve("store.mv.db")));
  }

  /** Closes {@code pluginId}'s store if it is open: its plugin has stopped using it. */
  void close(String pluginId) {
    PluginStore store = open.remove(pluginId);
    if (store != null) {
      store.close();
    }
  }

  @Override
  public boolean purge(String pluginId) {
    requireId(pluginId);
    close(pluginId);
    Path root = data.dir(DIR);
    Path dir = root.resolve(pluginId);
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      Path doomed = root.resolve(PURGING + pluginId + "-" + System.nanoTime());
      try {
        Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(dir, doomed);
      }
      AtomicFiles.syncDirectory(root);
      deleteTree(doomed);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the data of plugin " + pluginId + " under " + dir, e);
    }
  }

  private void deleteLeftoverPurges() {
    Path root = data.dir(DIR);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(root, PURGING + "*")) {
      for (Path leftover : leftovers) {
        deleteTree(leftover);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the rest of a purge under " + root, e);
    }
  }

  /** Deletes {@code dir} and everything under it, never following a symbolic link out of it. */
  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path folder, IOException failure) throws IOException {
        if (failure != null && !(failure instanceof NoSuchFileException)) {
          throw failure;
        }
        Files.deleteIfExists(folder);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static String requireId(String pluginId) {
    if (pluginId == null || !PLUGIN_ID.matcher(pluginId).matches()) {
      throw new IllegalArgumentException("not a plugin id: " + pluginId);
    }
    return pluginId;
  }
}
