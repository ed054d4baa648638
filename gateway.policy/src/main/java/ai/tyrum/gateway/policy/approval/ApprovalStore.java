package ai.tyrum.gateway.policy.approval;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.Approval.State;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.Approvals;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.OperationRequest;
import ai.tyrum.gateway.spi.PluginApprovals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Durable approvals (DESIGN section 4, step 3): one file {@code <data>/approvals/<id>.json} per approval,
 * written atomically at every change of state, so that approvals survive a restart. An approval covers
 * one exact call (tool, agent, input hash, policy snapshot) and lets it run once: it is marked
 * {@code used} durably before the call runs. Pending and approved approvals expire after the
 * {@code approvals.ttl_seconds} of the snapshot that required them.
 *
 * <p>Retention ({@link ApprovalRetention}): an approval that can no longer let a call run ({@code used},
 * {@code denied} or {@code expired}) is removed once it settled more than the retention ago (default
 * 30 days), at activation and then at every sweep interval (default hourly). The audit log keeps its
 * {@code approval.requested} and {@code approval.decided} records; a removal records nothing more.
 *
 * <p>Approvals of plugin operations (install, upgrade, enable; {@link PluginApprovals}, served by
 * {@link PluginOperationApprovals}) live here too, in the same files, ids and events, with the same
 * expiry (the {@code approvals.ttl_seconds} of the snapshot in force) and retention. Each covers one
 * exact artifact digest and permission set and may need several distinct operators: it is
 * {@code approved} only once that many approved it, and one operator approving twice is refused.
 */
@Component(service = {Approvals.class, ApprovalStore.class}, configurationPid = ApprovalRetention.PID)
@Designate(ocd = ApprovalRetention.class)
public final class ApprovalStore implements Approvals {

  private static final System.Logger LOG = System.getLogger(ApprovalStore.class.getName());
  private static final Pattern ID = Pattern.compile("apr_[0-9a-f]{32}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataDirectory data;
  private final GatewayEvents events;
  private final PolicyDecider policy;
  private final Clock clock;
  private final Duration retention;
  private final Object lock = new Object();
  private final Map<String, Approval> approvals = new ConcurrentHashMap<>();
  private final Map<String, OperationApproval> operations = new ConcurrentHashMap<>();
  private final Path dir;
  // package-private for the test that the schedule runs and stops
  final ScheduledExecutorService sweeper;

  @Activate
  public ApprovalStore(
      @Reference DataDirectory data,
      @Reference GatewayEvents events,
      @Reference PolicyDecider policy,
      ApprovalRetention retention) {
    this(data, events, policy, retention, Clock.systemUTC());
  }

  /** As DS makes it, on {@code clock}'s time: reads the stored approvals, sweeps, and schedules the sweeps. */
  ApprovalStore(DataDirectory data, GatewayEvents events, PolicyDecider policy, ApprovalRetention retention, Clock clock) {
    this.data = data;
    this.events = events;
    this.policy = policy;
    this.clock = clock;
    this.retention = duration(retention.retention(), "retention", false);
    Duration every = duration(retention.sweep_interval(), "sweep.interval", true);
    this.dir = data.dir("approvals");
    open();
    sweepQuietly();
    sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "tyrum-approval-retention");
      thread.setDaemon(true);
      return thread;
    });
    sweeper.scheduleWithFixedDelay(this::sweepQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Deactivate
  public void deactivate() {
    sweeper.shutdownNow();
  }

  private static Duration duration(String text, String property, boolean positive) {
    Duration duration;
    try {
      duration = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          ApprovalRetention.PID + " " + property + " is not an ISO-8601 duration such as P30D: " + text, e);
    }
    if (duration.isNegative() || (positive && duration.toMillis() <= 0)) {
      throw new IllegalArgumentException(
          ApprovalRetention.PID + " " + property + " must be " + (positive ? "positive" : "zero or more") + ", not " + text);
    }
    return duration;
  }

  private void open() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "apr_*.json")) {
      for (Path file : files) {
        try {
          Map<String, Object> json = Json.object(Files.readAllBytes(file));
          if (OperationFile.is(json)) {
            OperationApproval approval = OperationFile.read(json);
            operations.put(approval.id(), approval);
          } else {
            Approval approval = ApprovalFile.read(json);
            approvals.put(approval.id(), approval);
          }
        } catch (RuntimeException e) {
          // a damaged file grants nothing: the call it covered asks again
          LOG.log(System.Logger.Level.WARNING, "approvals: ignoring unreadable " + file + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read approvals in " + dir, e);
    }
  }

  @Override
  public Approval authorize(ApprovalRequest call, Optional<String> approvalId) {
    synchronized (lock) {
      Instant now = clock.instant();
      if (approvalId.isPresent()) {
        Approval approval = effective(known(approvalId.get()), now);
        if (!approval.call().equals(call)) {
          throw new ApprovalException(
              "approval_mismatch",
              "approval " + approval.id() + " covers another call (tool, agent, input or policy snapshot differ)");
        }
        return use(approval);
      }
      List<Approval> same =
          approvals.values().stream()
              .filter(a -> a.call().equals(call))
              .map(a -> effective(a, now))
              .sorted(Comparator.comparing(Approval::requestedAt).reversed())
              .toList();
      for (Approval approval : same) {
        switch (approval.state()) {
          case approved -> {
            return use(approval);
          }
          case pending -> {
            return approval;
          }
          case denied -> throw denied(approval);
          default -> {
            // expired or used: a new request is in order
          }
        }
      }
      return request(call, now);
    }
  }

  private Approval use(Approval approval) {
    return switch (approval.state()) {
      case approved -> store(with(approval, State.used, approval.decidedAt(), approval.decidedBy(), approval.reason()));
      case pending -> approval;
      case denied -> throw denied(approval);
      case expired -> throw new ApprovalException("approval_expired", "approval " + approval.id() + " expired at " + approval.expiresAt());
      case used -> throw new ApprovalException("approval_used", "approval " + approval.id() + " was used by a call already; it runs one call only");
    };
  }

  private static ApprovalException denied(Approval approval) {
    return new ApprovalException(
        "approval_denied",
        "approval " + approval.id() + " was denied" + (approval.reason().isEmpty() ? "" : ": " + approval.reason()));
  }

  private Approval request(ApprovalRequest call, Instant now) {
    long ttl =
        policy.snapshot(call.snapshotId())
            .map(s -> s.rulesFor(call.agent()).rules().approvalTtlSeconds())
            .orElseGet(() -> policy.current().rulesFor(call.agent()).rules().approvalTtlSeconds());
    Approval approval =
        new Approval(newId(), call, State.pending, now, now.plusSeconds(ttl), Optional.empty(), "", "");
    store(approval);
    Map<String, Object> payload = payload(approval);
    payload.put("expires_at", approval.expiresAt().toString());
    events.record("approval.requested", payload);
    return approval;
  }

  @Override
  public List<Approval> list() {
    Instant now = clock.instant();
    return approvals.values().stream()
        .map(a -> effective(a, now))
        .sorted(Comparator.comparing(Approval::requestedAt).reversed().thenComparing(Approval::id))
        .toList();
  }

  @Override
  public Optional<Approval> find(String id) {
    return Optional.ofNullable(approvals.get(id)).map(a -> effective(a, clock.instant()));
  }

  @Override
  public Approval approve(String id, String actor) {
    return decide(id, actor, State.approved, "");
  }

  @Override
  public Approval deny(String id, String actor, String reason) {
    return decide(id, actor, State.denied, reason);
  }

  private Approval decide(String id, String actor, State decision, String reason) {
    synchronized (lock) {
      Instant now = clock.instant();
      Approval approval = effective(known(id), now);
      if (approval.state() == State.expired) {
        throw new ApprovalException("approval_expired", "approval " + id + " expired at " + approval.expiresAt());
      }
      if (approval.state() != State.pending) {
        throw new ApprovalException("approval_already_decided", "approval " + id + " is " + approval.state().name() + " already");
      }
      Approval decided = store(with(approval, decision, Optional.of(now), actor, reason));
      Map<String, Object> payload = payload(decided);
      payload.put("decision", decision.name());
      payload.put("by", actor);
      if (!reason.isEmpty()) {
        payload.put("reason", reason);
      }
      events.record("approval.decided", payload);
      return decided;
    }
  }

  private Approval known(String id) {
    Approval approval = ID.matcher(id).matches() ? approvals.get(id) : null;
    if (approval == null) {
      throw new ApprovalException("unknown_approval", "no approval " + id + "; see approval:list");
    }
    return approval;
  }

  // Approvals of plugin operations (PluginApprovals, through PluginOperationApprovals): same files, ids,
  // events, expiry and retention as the approvals of calls, and the same lock.

  /** See {@link PluginApprovals#authorize}; {@code required} is policy's count now, at least 1. */
  OperationApproval authorize(OperationRequest operation, int required, Optional<String> approvalId) {
    if (required < 1) {
      throw new IllegalArgumentException("an operation that needs no approval does not ask for one: required = " + required);
    }
    OperationRequest wanted = sorted(operation);
    synchronized (lock) {
      Instant now = clock.instant();
      if (approvalId.isPresent()) {
        OperationApproval approval = effective(knownOperation(approvalId.get()), now);
        if (!approval.operation().equals(wanted)) {
          throw new ApprovalException("approval_mismatch", "approval " + approval.id() + " covers "
              + describe(approval.operation()) + ", not " + describe(wanted)
              + ": an approval holds for one artifact digest and permission set only");
        }
        return use(approval, required);
      }
      List<OperationApproval> same =
          operations.values().stream()
              .filter(a -> a.operation().equals(wanted))
              .map(a -> effective(a, now))
              .sorted(Comparator.comparing(OperationApproval::requestedAt).reversed())
              .toList();
      for (OperationApproval approval : same) {
        switch (approval.state()) {
          case approved, pending -> {
            return use(approval, required);
          }
          case denied -> throw denied(approval);
          default -> {
            // expired or used: a new request is in order
          }
        }
      }
      return request(wanted, required, now);
    }
  }

  /**
   * Consumes an approved approval, or says it is pending. Policy may have raised the count since the
   * request: an approval then needs the new count of distinct operators, never fewer.
   */
  private OperationApproval use(OperationApproval approval, int required) {
    if ((approval.state() == State.pending || approval.state() == State.approved) && required > approval.required()) {
      approval = store(with(approval, State.pending, required, approval.approvers(), "", ""));
    }
    return switch (approval.state()) {
      case approved -> store(with(approval, State.used, approval.required(), approval.approvers(), "", ""));
      case pending -> approval;
      case denied -> throw denied(approval);
      case expired -> throw new ApprovalException("approval_expired", "approval " + approval.id() + " expired at " + approval.expiresAt());
      case used -> throw new ApprovalException("approval_used", "approval " + approval.id() + " was used already; it covers one operation, once");
    };
  }

  private static ApprovalException denied(OperationApproval approval) {
    return new ApprovalException("approval_denied", "approval " + approval.id() + " was denied by " + approval.deniedBy()
        + (approval.reason().isEmpty() ? "" : ": " + approval.reason()));
  }

  private OperationApproval request(OperationRequest operation, int required, Instant now) {
    long ttl = policy.current().policy().base().approvalTtlSeconds();
    OperationApproval approval =
        new OperationApproval(newId(), operation, State.pending, required, List.of(), now, now.plusSeconds(ttl), "", "");
    store(approval);
    Map<String, Object> payload = payload(approval);
    payload.put("expires_at", approval.expiresAt().toString());
    events.record("approval.requested", payload);
    return approval;
  }

  /** Every approval of a plugin operation, newest first. */
  List<OperationApproval> operations() {
    Instant now = clock.instant();
    return operations.values().stream()
        .map(a -> effective(a, now))
        .sorted(Comparator.comparing(OperationApproval::requestedAt).reversed().thenComparing(OperationApproval::id))
        .toList();
  }

  Optional<OperationApproval> findOperation(String id) {
    return Optional.ofNullable(operations.get(id)).map(a -> effective(a, clock.instant()));
  }

  /**
   * Records {@code actor}'s approval; once {@code required} distinct operators approved, the approval is
   * {@code approved} and {@code approval.decided} is recorded, naming them all.
   */
  OperationApproval approveOperation(String id, String actor) {
    synchronized (lock) {
      OperationApproval approval = open(id);
      if (approval.approvers().contains(actor)) {
        throw new ApprovalException("approver_repeated", "approval " + id + " was approved by " + actor + " already; it needs "
            + approval.required() + " distinct operators, and " + (approval.required() - approval.approvers().size())
            + " more must approve it");
      }
      List<String> approvers = new ArrayList<>(approval.approvers());
      approvers.add(actor);
      boolean enough = approvers.size() >= approval.required();
      OperationApproval next = store(with(approval, enough ? State.approved : State.pending, approval.required(), approvers, "", ""));
      if (enough) {
        Map<String, Object> payload = payload(next);
        payload.put("decision", State.approved.name());
        payload.put("by", actor);
        events.record("approval.decided", payload);
      }
      return next;
    }
  }

  /** Refuses an open approval, whoever approved it so far ({@code approval.decided}). */
  OperationApproval denyOperation(String id, String actor, String reason) {
    synchronized (lock) {
      OperationApproval approval = open(id);
      OperationApproval denied = store(with(approval, State.denied, approval.required(), approval.approvers(), actor, reason));
      Map<String, Object> payload = payload(denied);
      payload.put("decision", State.denied.name());
      payload.put("by", actor);
      if (!reason.isEmpty()) {
        payload.put("reason", reason);
      }
      events.record("approval.decided", payload);
      return denied;
    }
  }

  private OperationApproval open(String id) {
    OperationApproval approval = effective(knownOperation(id), clock.instant());
    if (approval.state() == State.expired) {
      throw new ApprovalException("approval_expired", "approval " + id + " expired at " + approval.expiresAt());
    }
    if (approval.state() != State.pending) {
      throw new ApprovalException("approval_already_decided", "approval " + id + " is " + approval.state().name() + " already");
    }
    return approval;
  }

  private OperationApproval knownOperation(String id) {
    OperationApproval approval = ID.matcher(id).matches() ? operations.get(id) : null;
    if (approval == null) {
      throw new ApprovalException("unknown_approval", "no approval " + id + "; see approval:list");
    }
    return approval;
  }

  private static OperationRequest sorted(OperationRequest operation) {
    return new OperationRequest(operation.operation(), operation.pluginId(), operation.version(), operation.sha256(),
        operation.permissions().stream().sorted().distinct().toList());
  }

  /** As the shell and messages name it: {@code install notes 1.0.0 sha256:abcd1234…, 2 permission(s)}. */
  static String describe(OperationRequest operation) {
    String digest = operation.sha256().length() > 16 ? operation.sha256().substring(0, 16) + "…" : operation.sha256();
    return operation.operation() + " " + operation.pluginId() + " " + operation.version() + " sha256:" + digest
        + " with " + (operation.permissions().isEmpty() ? "no permissions" : "permissions " + String.join(", ", operation.permissions()));
  }

  private static boolean settled(State state) {
    return state == State.used || state == State.denied || state == State.expired;
  }

  private static OperationApproval effective(OperationApproval approval, Instant now) {
    boolean open = approval.state() == State.pending || approval.state() == State.approved;
    if (open && !now.isBefore(approval.expiresAt())) {
      return with(approval, State.expired, approval.required(), approval.approvers(), approval.deniedBy(), approval.reason());
    }
    return approval;
  }

  private static OperationApproval with(OperationApproval a, State state, int required, List<String> approvers, String deniedBy, String reason) {
    return new OperationApproval(a.id(), a.operation(), state, required, approvers, a.requestedAt(), a.expiresAt(), deniedBy, reason);
  }

  private OperationApproval store(OperationApproval approval) {
    try {
      data.writeAtomically(dir.resolve(approval.id() + ".json"), OperationFile.write(approval));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store approval " + approval.id(), e);
    }
    operations.put(approval.id(), approval);
    return approval;
  }

  /** What the events say of a plugin operation: what it covers and who approved, nothing secret. */
  private static Map<String, Object> payload(OperationApproval approval) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("approval", approval.id());
    payload.put("kind", OperationFile.KIND);
    payload.put("operation", approval.operation().operation());
    payload.put("plugin", approval.operation().pluginId());
    payload.put("version", approval.operation().version());
    payload.put("sha256", approval.operation().sha256());
    payload.put("permissions", approval.operation().permissions());
    payload.put("required", approval.required());
    payload.put("approvers", approval.approvers());
    return payload;
  }

  /**
   * Removes every approval that can no longer let a call run and settled more than the retention ago.
   * Under the store's lock, so that no authorize or decision interleaves with a removal; a pending or
   * approved approval that has not expired is never removed, whatever its age.
   *
   * @return how many were removed
   */
  int sweep() {
    int removed = 0;
    List<String> failures = new ArrayList<>();
    synchronized (lock) {
      Instant now = clock.instant();
      Instant cutoff = now.minus(retention);
      for (Approval stored : List.copyOf(approvals.values())) {
        Approval approval = effective(stored, now);
        Optional<Instant> settled = settledAt(approval);
        if (settled.isEmpty() || !settled.get().isBefore(cutoff)) {
          continue;
        }
        try {
          Files.deleteIfExists(dir.resolve(approval.id() + ".json"));
        } catch (IOException e) {
          failures.add(approval.id() + ": " + e.getMessage());
          continue;
        }
        approvals.remove(approval.id());
        removed++;
      }
      for (OperationApproval stored : List.copyOf(operations.values())) {
        OperationApproval approval = effective(stored, now);
        if (!(settled(approval.state()) && approval.expiresAt().isBefore(cutoff))) {
          continue;
        }
        try {
          Files.deleteIfExists(dir.resolve(approval.id() + ".json"));
        } catch (IOException e) {
          failures.add(approval.id() + ": " + e.getMessage());
          continue;
        }
        operations.remove(approval.id());
        removed++;
      }
    }
    if (!failures.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "approvals: cannot remove " + failures.size() + " settled approval(s), retried at the next sweep: " + failures.get(0));
    }
    if (removed > 0) {
      LOG.log(System.Logger.Level.INFO, "approvals: removed " + removed + " settled approval(s) older than " + describe(retention));
    }
    return removed;
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // retention is housekeeping: a failed sweep must neither stop the store nor the schedule
      LOG.log(System.Logger.Level.WARNING, "approvals: retention sweep failed", e);
    }
  }

  /**
   * When {@code approval} stopped being able to let a call run; empty while it still can. A use is not
   * recorded, but it happened before the expiry, so counting a used approval from its expiry never
   * shortens its retention.
   */
  static Optional<Instant> settledAt(Approval approval) {
    return switch (approval.state()) {
      case pending, approved -> Optional.empty();
      case denied -> Optional.of(approval.decidedAt().orElse(approval.expiresAt()));
      case used, expired -> Optional.of(approval.expiresAt());
    };
  }

  private static String describe(Duration duration) {
    return duration.toSeconds() % 86400 == 0 ? duration.toDays() + " days" : duration.toSeconds() + " seconds";
  }

  /** Pending and approved approvals past their expiry read as expired; nothing is written for that. */
  private static Approval effective(Approval approval, Instant now) {
    boolean open = approval.state() == State.pending || approval.state() == State.approved;
    if (open && !now.isBefore(approval.expiresAt())) {
      return with(approval, State.expired, approval.decidedAt(), approval.decidedBy(), approval.reason());
    }
    return approval;
  }

  private static Approval with(Approval a, State state, Optional<Instant> decidedAt, String by, String reason) {
    return new Approval(a.id(), a.call(), state, a.requestedAt(), a.expiresAt(), decidedAt, by, reason);
  }

  /** Writes the approval durably, then makes it visible; a failed write changes nothing. */
  private Approval store(Approval approval) {
    try {
      data.writeAtomically(dir.resolve(approval.id() + ".json"), ApprovalFile.write(approval));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store approval " + approval.id(), e);
    }
    approvals.put(approval.id(), approval);
    return approval;
  }

  private static Map<String, Object> payload(Approval approval) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("approval", approval.id());
    payload.put("tool", approval.call().toolId());
    payload.put("agent", approval.call().agent());
    payload.put("input_sha256", approval.call().inputSha256());
    payload.put("policy_snapshot", approval.call().snapshotId());
    return payload;
  }

  private static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "apr_" + HexFormat.of().formatHex(bytes);
  }

  /**
   * The on-disk form of an operation approval: its JSON ({@link OperationApproval#toJson()}) with
   * {@code "kind":"plugin_operation"}, canonical; files without that kind are approvals of calls.
   */
  static final class OperationFile {

    static final String KIND = "plugin_operation";

    private OperationFile() {}

    static boolean is(Map<String, Object> json) {
      return KIND.equals(json.get("kind"));
    }

    static byte[] write(OperationApproval approval) {
      Map<String, Object> json = new LinkedHashMap<>(approval.toJson());
      json.put("kind", KIND);
      return Json.canonical(json).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static OperationApproval read(Map<String, Object> json) {
      return new OperationApproval(
          (String) json.get("id"),
          new OperationRequest(
              (String) json.get("operation"),
              (String) json.get("plugin"),
              (String) json.get("version"),
              (String) json.get("sha256"),
              (List<String>) json.get("permissions")),
          State.valueOf((String) json.get("state")),
          ((Number) json.get("required")).intValue(),
          (List<String>) json.get("approvers"),
          Instant.parse((String) json.get("requested_at")),
          Instant.parse((String) json.get("expires_at")),
          (String) json.getOrDefault("denied_by", ""),
          (String) json.getOrDefault("reason", ""));
    }
  }

  /** The on-disk form: the approval's JSON ({@link Approval#toJson()}), canonical. */
  static final class ApprovalFile {

    private ApprovalFile() {}

    static byte[] write(Approval approval) {
      return Json.canonical(approval.toJson()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Approval read(Map<String, Object> json) {
      return new Approval(
          (String) json.get("id"),
          new ApprovalRequest(
              (String) json.get("tool"),
              (String) json.get("agent"),
              (String) json.get("input_sha256"),
              (String) json.get("policy_snapshot")),
          State.valueOf((String) json.get("state")),
          Instant.parse((String) json.get("requested_at")),
          Instant.parse((String) json.get("expires_at")),
          Optional.ofNullable((String) json.get("decided_at")).map(Instant::parse),
          (String) json.getOrDefault("decided_by", ""),
          (String) json.getOrDefault("reason", ""));
    }
  }
}
