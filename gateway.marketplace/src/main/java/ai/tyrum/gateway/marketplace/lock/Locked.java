package ai.tyrum.gateway.marketplace.lock;

import ai.tyrum.gateway.spi.LockEntry;
import java.util.Objects;
import java.util.Optional;

/**
 * A lockfile entry with what only the marketplace reads: the bundle location it is installed at, the
 * version an unfinished upgrade replaces, and a newer version held for an operator's approval.
 *
 * @param entry the entry as the rest of the gateway reads it
 * @param location the framework location of its bundle
 * @param requested the permissions its manifest requests ({@code class:target}), each with its reason
 * @param previous during an upgrade, the entry it replaces: a restart that finds the framework still
 *     holding the previous bytes returns to it, one that finds the new bytes finishes the upgrade
 * @param held a newer version verified and stored, waiting for an approval before it replaces this one
 */
public record Locked(
    LockEntry entry, String location, java.util.Map<String, String> requested, Optional<LockEntry> previous, Optional<Held> held) {

  public Locked {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(location, "location");
    requested = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requested));
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(held, "held");
  }

  public Locked(LockEntry entry, String location, java.util.Map<String, String> requested) {
    this(entry, location, requested, Optional.empty(), Optional.empty());
  }

  public String id() {
    return entry.id();
  }

  public Locked with(LockEntry changed) {
    return new Locked(changed, location, requested, previous, held);
  }

  public Locked withPrevious(Optional<LockEntry> before) {
    return new Locked(entry, location, requested, before, held);
  }

  /** This entry's version with its location, after an upgrade replaced the previous one. */
  public Locked upgradedTo(LockEntry next, java.util.Map<String, String> nextRequested, LockEntry before) {
    return new Locked(next, location, nextRequested, Optional.of(before), Optional.empty());
  }

  public Locked withHeld(Optional<Held> waiting) {
    return new Locked(entry, location, requested, previous, waiting);
  }

  /**
   * A verified newer version that waits for an approval.
   *
   * @param entry the entry it becomes once approved
   * @param requested the permissions that version requests, with their reasons
   * @param approvalId the approval it waits for
   * @param difference what changed: added permissions, changed, added and removed tools
   */
  public record Held(
      LockEntry entry, java.util.Map<String, String> requested, String approvalId, java.util.Map<String, Object> difference) {
    public Held {
      Objects.requireNonNull(entry, "entry");
      requested = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requested));
      Objects.requireNonNull(approvalId, "approvalId");
      difference = java.util.Map.copyOf(difference);
    }
  }
}
