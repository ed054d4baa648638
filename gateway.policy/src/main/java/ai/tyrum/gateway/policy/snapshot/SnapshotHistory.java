package ai.tyrum.gateway.policy.snapshot;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.merge.MergedPolicy;
import ai.tyrum.gateway.spi.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * Every snapshot that was ever in force, kept as {@code <policy>/snapshots/<id>.json} (its canonical
 * JSON) so that the decision an audit record names can be replayed, plus {@code current}, the id of the
 * last good snapshot, which stays in force when the files become invalid, across restarts too.
 */
public final class SnapshotHistory {

  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
  private static final String CURRENT = "current";

  private final Path dir;
  private final DataDirectory data;
  private final Map<String, PolicySnapshot> loaded = new ConcurrentHashMap<>();

  public SnapshotHistory(Path dir, DataDirectory data) {
    this.dir = dir;
    this.data = data;
  }

  /** Stores {@code snapshot} (once per id) and makes it the last good one. */
  public void keep(PolicySnapshot snapshot) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(snapshot.id() + ".json");
      if (!Files.exists(file)) {
        data.writeAtomically(file, Json.canonical(snapshot.policy().toJson()).getBytes(StandardCharsets.UTF_8));
      }
      data.writeAtomically(dir.resolve(CURRENT), snapshot.id().getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store policy snapshot " + snapshot.id(), e);
    }
    loaded.put(snapshot.id(), snapshot);
  }

  /** The last good snapshot, if one was ever kept. */
  public Optional<PolicySnapshot> current() {
    try {
      String id = Files.readString(dir.resolve(CURRENT), StandardCharsets.US_ASCII).strip();
      return find(id);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The snapshot {@code id}, from memory or disk.
   *
   * @throws PolicyException {@code invalid_snapshot} if the stored file is damaged (its hash differs)
   */
  public Optional<PolicySnapshot> find(String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    PolicySnapshot known = loaded.get(id);
    if (known != null) {
      return Optional.of(known);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dir.resolve(id + ".json"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PolicySnapshot snapshot;
    try {
      snapshot = new PolicySnapshot(MergedPolicy.fromJson(Json.object(bytes)), List.of());
    } catch (JacksonException | IllegalArgumentException e) {
      throw new PolicyException("invalid_snapshot", "stored policy snapshot " + id + " is not JSON", List.of());
    }
    if (!snapshot.id().equals(id)) {
      throw new PolicyException("invalid_snapshot", "stored policy snapshot " + id + " does not hash to its id", List.of());
    }
    loaded.put(id, snapshot);
    return Optional.of(snapshot);
  }
}
