package ai.tyrum.gateway.marketplace.deploy;

import ai.tyrum.gateway.marketplace.deploy.DeployedFile.Refusal;
import ai.tyrum.gateway.marketplace.install.Pipeline;
import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.InstallRequest;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One look at the deploy folder, made again whenever it may have changed: the folder is the truth for
 * the plugins it installed (DESIGN section 5, "Hot deploy").
 *
 * <ul>
 *   <li>a deploy-origin lockfile entry whose jar is no longer in the folder is uninstalled (not purged);
 *   <li>an entry that changed is looked at again only once it stayed the same for the settle time, and
 *       then judged ({@link DeployedFile}): a refused one gets one {@code plugin.lifecycle failed} event
 *       per state and stays where it is; a jar without its zip end record is still being written and
 *       waits; any other jar goes to the pipeline, unless the lockfile already holds exactly its bytes
 *       from this path (which is how a restart finds what it installed before).
 * </ul>
 *
 * <p>Not thread-safe: one thread ({@link DeployWatch}) makes every scan.
 */
final class DeployScan {

  static final String ACTOR = "deploy";

  private static final System.Logger LOG = System.getLogger(DeployScan.class.getName());

  private final Path folder;
  private final Pipeline pipeline;
  private final PluginLock lock;
  private final GatewayEvents events;
  private final long settleNanos;
  private final LongSupplier nanoTime;
  private final String user;

  /** Per entry: the fingerprint last seen and since when it has not changed. */
  private final Map<Path, Sighting> sightings = new HashMap<>();
  /** Per entry: the fingerprint that went to the pipeline, or that the lockfile already held. */
  private final Map<Path, String> taken = new HashMap<>();
  /** Per entry (and the folder itself): the refusal last recorded, with the fingerprint it was for. */
  private final Map<Path, String> refused = new HashMap<>();
  /** Per entry: the fingerprint last logged as still being written. */
  private final Map<Path, String> incomplete = new HashMap<>();
  /** Uninstalls the pipeline refused, not asked again until the entry changes or the gateway restarts. */
  private final Set<String> failedRemovals = new HashSet<>();
  private String unreadable = "";

  DeployScan(Path folder, Pipeline pipeline, PluginLock lock, GatewayEvents events, Duration settle, LongSupplier nanoTime, String user) {
    this.folder = folder;
    this.pipeline = pipeline;
    this.lock = lock;
    this.events = events;
    this.settleNanos = settle.toNanos();
    this.nanoTime = nanoTime;
    this.user = user;
  }

  /**
   * Looks at the folder once and acts on what changed.
   *
   * @return whether an entry is still settling, so that the caller looks again after the settle time
   */
  boolean scan() {
    Map<Path, DeployedFile> present;
    try {
      if (!folderFit()) {
        return false;
      }
      present = list();
      unreadable = "";
    } catch (IOException e) {
      // a folder that cannot be read is not an empty folder: nothing is uninstalled for it
      if (!unreadable.equals(String.valueOf(e))) {
        unreadable = String.valueOf(e);
        LOG.log(System.Logger.Level.WARNING, "deploy: cannot read " + folder + ": " + e);
      }
      return false;
    }
    removeGone(present);
    sightings.keySet().retainAll(present.keySet());
    taken.keySet().retainAll(present.keySet());
    incomplete.keySet().retainAll(present.keySet());
    refused.keySet().removeIf(path -> !path.equals(folder) && !present.containsKey(path));

    boolean settling = false;
    long now = nanoTime.getAsLong();
    for (DeployedFile file : present.values()) {
      Sighting seen = sightings.get(file.path());
      if (seen == null || !seen.fingerprint().equals(file.fingerprint())) {
        sightings.put(file.path(), new Sighting(file.fingerprint(), now));
        settling = true;
      } else if (now - seen.since() < settleNanos) {
        settling = true;
      } else {
        settled(file);
      }
    }
    return settling;
  }

  private boolean folderFit() throws IOException {
    Optional<Refusal> refusal = DeployedFile.judgeFolder(folder, user);
    if (refusal.isEmpty()) {
      refused.remove(folder);
      return true;
    }
    report(folder, DeployedFile.describeFolder(folder), refusal.get());
    return false;
  }

  private Map<Path, DeployedFile> list() throws IOException {
    Map<Path, DeployedFile> present = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, p -> DeployedFile.eligible(p.getFileName().toString()))) {
      for (Path path : entries) {
        try {
          present.put(path, DeployedFile.inspect(folder, path, user));
        } catch (NoSuchFileException e) {
          // removed while listed: the next scan sees it gone
        }
      }
    }
    return present;
  }

  /** Uninstalls each plugin this folder installed whose jar is gone from it. */
  private void removeGone(Map<Path, DeployedFile> present) {
    Set<String> locations = new HashSet<>();
    for (DeployedFile file : present.values()) {
      locations.add(file.path().toString());
      locations.add(file.real().toString());
    }
    for (LockEntry entry : lock.entries()) {
      if (PluginOrigin.DEPLOY.equals(entry.source().kind()) && !locations.contains(entry.source().location())) {
        uninstall(entry, "its jar " + entry.source().location() + " was removed from the deploy folder");
      }
    }
  }

  private void uninstall(LockEntry entry, String why) {
    String attempt = entry.id() + "@" + entry.sha256() + "@" + entry.source().location();
    if (failedRemovals.contains(attempt)) {
      return;
    }
    try {
      pipeline.uninstall(entry.id(), false, ACTOR);
      LOG.log(System.Logger.Level.INFO, "deploy: uninstalled " + entry.id() + " " + entry.version() + ": " + why);
    } catch (GatewayException e) {
      failedRemovals.add(attempt);
      LOG.log(System.Logger.Level.WARNING, "deploy: could not uninstall " + entry.id() + " (" + why + "): "
          + e.code() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      failedRemovals.add(attempt);
      LOG.log(System.Logger.Level.ERROR, "deploy: could not uninstall " + entry.id() + " (" + why + ")", e);
    }
  }

  /** An entry that stayed the same for the settle time. */
  private void settled(DeployedFile file) {
    Path path = file.path();
    if (file.refusal().isPresent()) {
      report(path, file.fingerprint(), file.refusal().get());
      return;
    }
    refused.remove(path);
    if (file.fingerprint().equals(taken.get(path))) {
      return;
    }
    try {
      if (!ZipEnd.present(file.real())) {
        if (!file.fingerprint().equals(incomplete.put(path, file.fingerprint()))) {
          LOG.log(System.Logger.Level.INFO, "deploy: " + path + " has no zip end record yet; it is taken once its writer is done");
        }
        return;
      }
      incomplete.remove(path);
      if (!lockHolds(file)) {
        install(file);
      }
    } catch (NoSuchFileException e) {
      return; // removed meanwhile: the next scan sees it gone
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "deploy: cannot read " + path + "; it is looked at again when it changes: " + e);
    }
    taken.put(path, file.fingerprint());
  }

  /** Whether the lockfile already holds exactly these bytes from this path: nothing to install. */
  private boolean lockHolds(DeployedFile file) throws IOException {
    long size = Files.size(file.real());
    Optional<LockEntry> entry = fromHere(file).stream().filter(e -> e.size() == size).findFirst();
    return entry.isPresent() && entry.get().sha256().equalsIgnoreCase(sha256(file.real()));
  }

  private List<LockEntry> fromHere(DeployedFile file) {
    return lock.entries().stream()
        .filter(e -> PluginOrigin.DEPLOY.equals(e.source().kind()))
        .filter(e -> e.source().location().equals(file.path().toString()) || e.source().location().equals(file.real().toString()))
        .toList();
  }

  private void install(DeployedFile file) {
    Path path = file.path();
    Map<String, Object> result;
    try {
      result = pipeline.install(InstallRequest.file(path, Optional.empty(), List.of(), ACTOR), PluginOrigin.DEPLOY);
    } catch (GatewayException e) {
      // the pipeline recorded its failed event; the same bytes are not offered again
      LOG.log(System.Logger.Level.WARNING, "deploy: " + path + " refused: " + e.code() + ": " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "deploy: installing " + path + " failed; it is offered again when it changes", e);
      return;
    }
    Object id = result.get("id");
    LOG.log(System.Logger.Level.INFO, "deploy: " + path + ": plugin " + id + " " + result.get("version") + " " + result.get("state"));
    // a jar replaced by another plugin's jar: the path now holds only the new one
    for (LockEntry entry : fromHere(file)) {
      if (!entry.id().equals(id)) {
        uninstall(entry, "its jar " + path + " now holds plugin " + id);
      }
    }
  }

  /** Records one {@code failed} event per refused state of {@code path}, not one per scan. */
  private void report(Path path, String fingerprint, Refusal refusal) {
    String key = refusal.reason() + " " + fingerprint;
    if (key.equals(refused.get(path))) {
      return;
    }
    Map<String, Object> plugin = new LinkedHashMap<>();
    plugin.put("id", "");
    plugin.put("version", "");
    plugin.put("bundle", "");
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", plugin);
    payload.put("kind", "failed");
    payload.put("reason", refusal.reason());
    payload.put("details", List.of(refusal.message()));
    payload.put("source", path.toString());
    try {
      events.record("plugin.lifecycle", payload);
    } catch (RuntimeException e) {
      // not recorded: the next scan tries again
      LOG.log(System.Logger.Level.ERROR, "deploy: cannot record the refusal of " + path + " (" + refusal.reason() + "): " + e);
      return;
    }
    refused.put(path, key);
    LOG.log(System.Logger.Level.WARNING, "deploy: refused " + refusal.reason() + ": " + refusal.message());
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private record Sighting(String fingerprint, long since) {}
}
