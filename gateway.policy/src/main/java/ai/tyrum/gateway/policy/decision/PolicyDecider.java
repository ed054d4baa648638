package ai.tyrum.gateway.policy.decision;

import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.bundle.PolicyDirectory;
import ai.tyrum.gateway.policy.bundle.PolicyFiles;
import ai.tyrum.gateway.policy.bundle.PolicyReader;
import ai.tyrum.gateway.policy.bundle.PolicySources;
import ai.tyrum.gateway.policy.bundle.SourceFile;
import ai.tyrum.gateway.policy.merge.MergedPolicy;
import ai.tyrum.gateway.policy.merge.PolicyMerge;
import ai.tyrum.gateway.policy.merge.RuleSet;
import ai.tyrum.gateway.policy.snapshot.PolicySnapshot;
import ai.tyrum.gateway.policy.snapshot.SnapshotHistory;
import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.EgressClass;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.PluginRules;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The policy in force (DESIGN section 4): the YAML files under {@code <data>/policy/}, merged into a
 * snapshot that decides every call. Reloaded on {@code policy:reload} and whenever a file changes; an
 * invalid file is rejected with its faults ({@code policy.changed}, kind {@code rejected}) and the last
 * good snapshot stays in force, across restarts too. With no good snapshot at all (invalid files on a
 * fresh data dir) every tool is denied: policy fails closed.
 */
@Component(service = {ToolPolicy.class, PolicyDecider.class})
public final class PolicyDecider implements ToolPolicy {

  private static final System.Logger LOG = System.getLogger(PolicyDecider.class.getName());

  /**
   * Denies every tool and every local install; in force only when no valid policy was ever seen. Signed
   * catalog installs stay possible, so that an operator can still repair a gateway.
   */
  static final MergedPolicy LOCKDOWN =
      new MergedPolicy(
          new RuleSet(Decision.deny, new TreeSet<>(), new TreeSet<>(), new TreeSet<>(List.of("*")), List.of(), RuleSet.DEFAULT_APPROVAL_TTL_SECONDS, new TreeMap<>()),
          new TreeMap<>(),
          new PluginRules(false, false, List.of(), Map.of()));

  private final GatewayEvents events;
  private final PolicyDirectory directory;
  private final SnapshotHistory history;
  private final Object reloadLock = new Object();
  private volatile PolicySnapshot current;
  /** The rejection logged last by {@link #reloadQuietly}; only the file watch's thread calls it. */
  private String lastRejection;

  /**
   * Puts the policy of {@code <data>/policy} in force: the files if they are valid, else the last good
   * snapshot, else a policy that denies everything. Watching the files is {@link PolicyFileWatch}'s job.
   */
  @Activate
  public PolicyDecider(@Reference DataDirectory data, @Reference GatewayEvents events) {
    this.events = events;
    Path dir = data.dir("policy");
    data.dir("policy/agents"); // present from the start, so that a first agent file is watched
    directory = new PolicyDirectory(dir, new PolicyReader());
    history = new SnapshotHistory(dir.resolve("snapshots"), data);
    try {
      reload();
    } catch (PolicyException | UncheckedIOException e) {
      Optional<PolicySnapshot> lastGood = history.current();
      current = lastGood.orElseGet(() -> new PolicySnapshot(LOCKDOWN, List.of()));
      LOG.log(System.Logger.Level.WARNING, "policy: " + e.getMessage() + "; in force: "
          + (lastGood.isPresent() ? "the last good snapshot " + current.id() : "deny everything"));
    }
  }

  @Override
  public PolicyDecision decide(ToolDescriptor tool, String agent) {
    return current.decide(tool, agent);
  }

  @Override
  public Optional<PolicyDecision> replay(ToolDescriptor tool, String agent, String snapshotId) {
    try {
      return history.find(snapshotId).map(s -> s.decide(tool, agent));
    } catch (PolicyException e) {
      return Optional.empty(); // a damaged stored snapshot replays nothing
    }
  }

  @Override
  public String snapshotId() {
    return current.id();
  }

  @Override
  public Optional<EgressClass> egressClass(String name, String agent) {
    PolicySnapshot snapshot = current;
    return Optional.ofNullable(snapshot.rulesFor(agent).rules().egressClasses().get(name))
        .map(endpoints -> new EgressClass(name, endpoints, snapshot.id()));
  }

  @Override
  public CallBudgets budgets() {
    return current.policy().budgets();
  }

  @Override
  public boolean trustsToolHints(String pluginId, String serverId) {
    return current.policy().trustsToolHints(pluginId, serverId);
  }

  /** The snapshot in force. */
  public PolicySnapshot current() {
    return current;
  }

  /** A snapshot that was in force at some time, for replaying a recorded decision. */
  public Optional<PolicySnapshot> snapshot(String id) {
    return history.find(id);
  }

  /** The policy dir, {@code <data>/policy}. */
  public Path directory() {
    return directory.path();
  }

  /**
   * Reads, validates and merges the files and puts the result in force.
   *
   * @return the snapshot now in force and whether it differs from the one before
   * @throws PolicyException {@code invalid_policy} with every fault; the snapshot in force stays
   */
  public Reload reload() {
    return reload(directory.load());
  }

  /** The bytes of every policy file as they are now, for {@link #reload(PolicyFiles)}. */
  PolicyFiles load() {
    return directory.load();
  }

  /**
   * Validates and merges files read earlier, such as files the watch has seen settle, and puts the
   * result in force, exactly as {@link #reload()}.
   */
  Reload reload(PolicyFiles files) {
    synchronized (reloadLock) {
      PolicySnapshot before = current;
      PolicySnapshot next;
      try {
        PolicySources sources = directory.read(files);
        next = new PolicySnapshot(PolicyMerge.merge(sources), sources.files());
        history.keep(next);
      } catch (PolicyException | UncheckedIOException e) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", "rejected");
        payload.put("reason", e instanceof PolicyException p ? p.code() : "policy_unreadable");
        if (e instanceof PolicyException p) {
          payload.put("details", p.details()); // capped, so that the record fits the audit log however many faults
          if (p.omittedDetails() > 0) {
            payload.put("details_omitted", p.omittedDetails());
          }
        } else {
          payload.put("details", List.of(String.valueOf(e.getMessage())));
        }
        if (before != null) {
          payload.put("snapshot", before.id());
        }
        events.record("policy.changed", payload);
        throw e;
      }
      boolean changed = before == null || !before.id().equals(next.id());
      current = next;
      if (changed) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", "applied");
        payload.put("snapshot", next.id());
        if (before != null) {
          payload.put("previous", before.id());
        }
        payload.put("sources", next.sources().stream().map(SourceFile::toJson).toList());
        events.record("policy.changed", payload);
      }
      return new Reload(next, changed);
    }
  }

  /**
   * Checks one file without putting anything in force.
   *
   * @throws PolicyException {@code invalid_policy} with every fault
   */
  public void check(Path file) {
    directory.check(file);
  }

  /**
   * Checks every file of the policy dir without putting anything in force.
   *
   * @return the snapshot the files would give
   * @throws PolicyException {@code invalid_policy} with every fault
   */
  public PolicySnapshot checkAll() {
    PolicySources sources = directory.read();
    return new PolicySnapshot(PolicyMerge.merge(sources), sources.files());
  }

  /** Reloads files that changed and settled, logging a rejection once however many writes repeat it. */
  void reloadQuietly(PolicyFiles files) {
    try {
      Reload reload = reload(files);
      lastRejection = null;
      if (reload.changed()) {
        LOG.log(System.Logger.Level.INFO, "policy: snapshot " + reload.snapshot().id() + " in force");
      }
    } catch (PolicyException | UncheckedIOException e) {
      // An editor saves in several writes and each wakes the watcher: say the same rejection once.
      if (!String.valueOf(e.getMessage()).equals(lastRejection)) {
        lastRejection = String.valueOf(e.getMessage());
        LOG.log(System.Logger.Level.WARNING, "policy: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "policy: reload failed", e);
    }
  }

  /** The outcome of a reload. */
  public record Reload(PolicySnapshot snapshot, boolean changed) {}
}
