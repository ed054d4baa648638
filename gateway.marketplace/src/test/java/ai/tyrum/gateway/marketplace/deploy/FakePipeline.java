package ai.tyrum.gateway.marketplace.deploy;

import ai.tyrum.gateway.marketplace.install.Pipeline;
import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.InstallRequest;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipFile;

/**
 * A pipeline that takes any jar naming its plugin id in an entry {@code plugin-id}, and the lockfile it
 * keeps: each deploy install records the path and digest as the real pipeline does.
 */
final class FakePipeline implements Pipeline, PluginLock {

  /** What the deploy folder asked for, in order: {@code install <path> <origin> <actor>}, {@code uninstall <id> ...}. */
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<InstallRequest> requests = new CopyOnWriteArrayList<>();
  private final List<LockEntry> entries = new CopyOnWriteArrayList<>();
  private volatile Optional<String> refuseWith = Optional.empty();

  /** Makes the next installs fail as the pipeline fails them, with {@code reason}. */
  void refuse(String reason) {
    refuseWith = Optional.of(reason);
  }

  /** Puts an entry into the lockfile, as a previous run of the gateway left it. */
  void lockEntry(String id, Path location, String sha256, long size, String originKind) {
    entries.removeIf(e -> e.id().equals(id));
    entries.add(new LockEntry(id, "1.0.0", "plugin." + id, LockEntry.State.enabled,
        new PluginOrigin(originKind, location.toString(), ""), sha256, size, List.of(), Map.of(), List.of(),
        Instant.EPOCH));
  }

  @Override
  public Map<String, Object> install(InstallRequest request, String originKind) {
    Path jar = request.file().orElseThrow();
    requests.add(request);
    calls.add("install " + jar + " " + originKind + " " + request.actor());
    if (refuseWith.isPresent()) {
      throw new GatewayException(refuseWith.get(), 422, "cannot install " + jar, List.of());
    }
    try {
      byte[] bytes = Files.readAllBytes(jar);
      String id;
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        id = new String(zip.getInputStream(zip.getEntry("plugin-id")).readAllBytes(), StandardCharsets.UTF_8);
      }
      lockEntry(id, jar, sha256(bytes), bytes.length, originKind);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("id", id);
      result.put("version", "1.0.0");
      result.put("state", "pending_approval");
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, Object> uninstall(String id, boolean purge, String actor) {
    calls.add("uninstall " + id + " purge=" + purge + " " + actor);
    if (!entries.removeIf(e -> e.id().equals(id))) {
      throw new GatewayException("unknown_plugin", 404, "no plugin " + id, List.of());
    }
    return Map.of("id", id);
  }

  @Override
  public List<LockEntry> entries() {
    List<LockEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(LockEntry::id));
    return sorted;
  }

  @Override
  public Optional<LockEntry> entry(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Map<String, Object> install(InstallRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Map<String, Object> upgrade(String id, Optional<String> version, List<String> grants, Optional<String> approvalId, String actor) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Map<String, Object> enable(String id, Optional<String> approvalId, String actor) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Map<String, Object> disable(String id, String actor) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Map<String, Object> grant(String id, List<String> permissions, String actor) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Map<String, Object> revoke(String id, List<String> permissions, String actor) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Map<String, Object>> search(String text) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Map<String, Object>> info(String id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Map<String, Object>> verify() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void revocationsChanged() {
    throw new UnsupportedOperationException();
  }
}
