package ai.tyrum.gateway.marketplace.lock;

import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * {@code plugins.lock.json} in the data dir: read once, then changed only through {@link #update},
 * which writes the whole file atomically (temp file, fsync, rename) before the change is visible, so
 * that what the file says is always what the marketplace acted on.
 */
public final class Lockfile implements PluginLock {

  public static final String FILE = "plugins.lock.json";

  private final Path file;
  private final DataDirectory data;
  private volatile Map<String, Locked> plugins;
  // the resolve gate asks for each bundle of every resolve: a scan per question grew with the square of
  // the plugins installed
  private volatile Map<String, Locked> byLocation;
  // each entry's text as last written, reused while the entry is the same object (writes are synchronized)
  private final Map<String, Rendered> rendered = new HashMap<>();

  private Lockfile(Path file, DataDirectory data, Map<String, Locked> plugins) {
    this.file = file;
    this.data = data;
    this.plugins = plugins;
    this.byLocation = byLocation(plugins);
  }

  /**
   * Reads the lockfile in {@code dataDir}; none there means no plugin is installed.
   *
   * @throws LockfileException {@code lockfile_invalid} or {@code lockfile_unreadable}
   */
  public static Lockfile open(Path dataDir, DataDirectory data) {
    Path file = dataDir.resolve(FILE);
    try {
      return new Lockfile(file, data, LockfileFormat.read(Files.readAllBytes(file)));
    } catch (NoSuchFileException absent) {
      return new Lockfile(file, data, new TreeMap<>());
    } catch (IOException e) {
      throw new LockfileException("lockfile_unreadable", "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Whether the file exists: a data dir without one has never installed a plugin. */
  public boolean exists() {
    return Files.exists(file);
  }

  public Path file() {
    return file;
  }

  @Override
  public List<LockEntry> entries() {
    return plugins.values().stream().map(Locked::entry).toList();
  }

  @Override
  public Optional<LockEntry> entry(String id) {
    return locked(id).map(Locked::entry);
  }

  public Optional<Locked> locked(String id) {
    return Optional.ofNullable(plugins.get(id));
  }

  public List<Locked> all() {
    return List.copyOf(plugins.values());
  }

  /** The entry installed at framework location {@code location}. */
  public Optional<Locked> atLocation(String location) {
    return Optional.ofNullable(byLocation.get(location));
  }

  /** The text of an entry, kept while the entry is unchanged (entries are immutable: the same object). */
  private String entryText(Locked locked) {
    Rendered kept = rendered.get(locked.id());
    if (kept != null && kept.locked() == locked) {
      return kept.text();
    }
    String text = LockfileFormat.entryText(locked);
    rendered.put(locked.id(), new Rendered(locked, text));
    return text;
  }

  private record Rendered(Locked locked, String text) {}

  private static Map<String, Locked> byLocation(Map<String, Locked> plugins) {
    Map<String, Locked> index = new HashMap<>();
    plugins.values().forEach(locked -> index.putIfAbsent(locked.location(), locked));
    return Map.copyOf(index);
  }

  /**
   * Replaces the entry of {@code id} with what {@code change} makes of it (empty removes it) and writes
   * the file; nothing changes when the write fails.
   *
   * @throws LockfileException {@code lockfile_write_failed}
   */
  public synchronized void update(String id, UnaryOperator<Optional<Locked>> change) {
    Map<String, Locked> next = new TreeMap<>(plugins);
    Optional<Locked> changed = change.apply(Optional.ofNullable(next.get(id)));
    if (changed.isPresent()) {
      next.put(id, changed.get());
    } else {
      next.remove(id);
    }
    write(next);
  }

  /** Writes the file as it is, so that a data dir records that seeding happened even with no plugin. */
  public synchronized void touch() {
    write(new TreeMap<>(plugins));
  }

  private void write(Map<String, Locked> next) {
    try {
      rendered.keySet().retainAll(next.keySet());
      data.writeAtomically(file, LockfileFormat.write(next, this::entryText));
    } catch (IOException e) {
      throw new LockfileException("lockfile_write_failed", "cannot write " + file + ": " + e.getMessage()
          + "; nothing was changed (check the disk and the data dir's permissions)");
    }
    Map<String, Locked> written = Map.copyOf(next);
    byLocation = byLocation(written);
    plugins = written;
  }
}
