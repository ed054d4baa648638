package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.PluginFiles;
import ai.tyrum.gateway.core.data.AtomicFiles;
import ai.tyrum.gateway.core.host.PluginGrants.Refusal;
import ai.tyrum.gateway.core.host.PluginPaths.BadPath;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.spi.Permission;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link PluginFiles} of the plugin that uses it, over {@code <data dir>/plugin-data/<id>/files/}: a
 * path must lie in a folder that a usable {@code fs.read} (reads) or {@code fs.write} (reads and writes)
 * target names, checked on every call. A path is followed on disk only while no symbolic link lies on
 * it, so neither {@code ..} nor a link the plugin planted leads out; such a use is refused as
 * {@code outside_grant} and recorded.
 */
@Component(scope = ServiceScope.BUNDLE, service = PluginFiles.class)
public final class PluginFilesService implements PluginFiles {

  private final Bundle caller;
  private final PluginGrants grants;
  private final PluginDataDirs dirs;

  @Activate
  public PluginFilesService(ComponentContext context, @Reference PluginGrants grants, @Reference PluginDataDirs dirs) {
    this.caller = context.getUsingBundle();
    this.grants = grants;
    this.dirs = dirs;
  }

  @Override
  public byte[] read(String path) {
    int cap = dirs.limits().max_file_bytes();
    return onDisk(Permission.FS_READ, path, false, file -> {
      try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new PluginException("file_not_found", path + " is a folder, not a file");
        }
        long size = channel.size();
        if (size > cap) {
          throw new PluginException("file_too_large", path + " is " + size + " bytes; files are read up to " + cap);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
          // reads until full or the end, should the file shrink meanwhile
        }
        return buffer.position() == buffer.capacity() ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
      } catch (NoSuchFileException e) {
        throw new PluginException("file_not_found", "there is no file " + path);
      }
    });
  }

  @Override
  public void write(String path, byte[] bytes) {
    if (bytes == null) {
      throw new PluginException("invalid_value", "the bytes to write are an array, empty for an empty file, not null");
    }
    int cap = dirs.limits().max_file_bytes();
    if (bytes.length > cap) {
      throw new PluginException("file_too_large", "a file is at most " + cap + " bytes; these are " + bytes.length);
    }
    onDisk(Permission.FS_WRITE, path, false, file -> {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, bytes);
      return null;
    });
  }

  @Override
  public boolean delete(String path) {
    return onDisk(Permission.FS_WRITE, path, false, file -> {
      boolean deleted = Files.deleteIfExists(file);
      if (deleted) {
        AtomicFiles.syncDirectory(file.getParent());
      }
      return deleted;
    });
  }

  @Override
  public List<String> list(String path) {
    return onDisk(Permission.FS_READ, path, true, folder -> {
      if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
        return List.of();
      }
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        throw new PluginException("invalid_path", (path.isEmpty() ? "the data dir" : path) + " is a file, not a folder");
      }
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          names.add(Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? name + "/" : name);
        }
      }
      names.sort(null);
      return List.copyOf(names);
    });
  }

  private interface FileAction<T> {
    T apply(Path file) throws IOException;
  }

  /** A symbolic link found on the way: the path leads somewhere other than where it is written to. */
  private static final class Redirected extends Exception {
    private static final long serialVersionUID = 1L;

    Redirected(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Checks that the caller may use {@code permission} on {@code path}, then runs {@code action} on the
   * file. Reads may use an {@code fs.write} grant too. All of it runs as the gateway: in hardened mode the
   * plugin's own protection domain on the stack would refuse the files, the lockfile read and the audit
   * record of a refusal.
   */
  @SuppressWarnings("removal") // AccessController: hardened mode runs on JDK 17-23, where it still applies
  private <T> T onDisk(Permission permission, String path, boolean rootAllowed, FileAction<T> action) {
    return AccessController.doPrivileged((PrivilegedAction<T>) () -> {
      PluginRecord plugin = grants.require(caller, permission, String.valueOf(path));
      List<String> names = granted(plugin, permission, path, rootAllowed);
      try {
        return action.apply(unredirected(dirs.files(plugin.id()), names));
      } catch (Redirected e) {
        throw grants.deny(Optional.of(plugin), caller, permission, path, Refusal.outside_grant, e.getMessage());
      } catch (PluginException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new PluginException("fs_failed", "plugin " + plugin.id() + " could not use " + path + ": " + e);
      }
    });
  }

  /** The names of {@code path}, once it is well formed and inside a folder {@code plugin} holds a grant of. */
  private List<String> granted(PluginRecord plugin, Permission permission, String path, boolean rootAllowed) {
    List<String> names;
    try {
      names = PluginPaths.parse(path, rootAllowed);
    } catch (BadPath e) {
      if (e.fault == PluginPaths.Fault.escapes) {
        throw grants.deny(Optional.of(plugin), caller, permission, path, Refusal.outside_grant, e.getMessage());
      }
      throw e.asInvalid();
    }
    List<String> granted = new ArrayList<>(grants.usable(plugin, Permission.FS_WRITE));
    List<String> declared = new ArrayList<>(PluginGrants.declared(plugin, Permission.FS_WRITE));
    if (permission == Permission.FS_READ) {
      granted.addAll(grants.usable(plugin, Permission.FS_READ));
      declared.addAll(PluginGrants.declared(plugin, Permission.FS_READ));
    }
    if (PluginPaths.covering(granted, names).isEmpty()) {
      throw grants.refuse(plugin, caller, permission, path, PluginPaths.covering(declared, names).isPresent());
    }
    return names;
  }

  /**
   * {@code names} under {@code base}, once no symbolic link is found on the part of it that exists: the
   * deepest existing ancestor must be its own real path. What does not exist yet is created by the
   * gateway itself, as folders and files, never as links.
   */
  private static Path unredirected(Path base, List<String> names) throws IOException, Redirected {
    Path root = base.toRealPath();
    Path file = names.stream().reduce(root, Path::resolve, (a, b) -> b);
    Path existing = file;
    while (!existing.equals(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (NoSuchFileException dangling) {
      real = null;
    }
    if (!existing.equals(real)) {
      throw new Redirected("a symbolic link at " + root.relativize(existing) + " leads out of the path as written; files are reached only"
          + " through plain folders under the plugin's data dir");
    }
    return file;
  }
}
