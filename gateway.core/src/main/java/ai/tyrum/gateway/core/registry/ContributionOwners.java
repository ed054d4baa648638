package ai.tyrum.gateway.core.registry;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which registration serves each declared contribution: the first one its plugin's bundle registered,
 * alone, until that registration goes. A second registration of the same contribution is refused
 * whatever its ranking, and stays refused: when the owner goes, the contribution is served again only
 * by a registration that arrives after it, never by one that was waiting. Not thread-safe; the
 * registry calls it under its lock.
 *
 * @param <R> what identifies one registration (a service reference in the framework)
 */
final class ContributionOwners<R> {

  /** One declared contribution of one plugin bundle. */
  record Slot(long bundleId, Contribution kind, String name) {}

  /** What became of a claim. */
  enum Claim {
    /** The registration serves the contribution (it did already, or the slot was free). */
    granted,
    /** Another registration serves it: this one is refused, now and for as long as it stays registered. */
    duplicate,
    /** The registration was refused before and is never promoted. */
    refused
  }

  private final Map<Slot, R> owners = new HashMap<>();
  // indexes of owners, so that a release or a plugin going costs what it releases, not every slot known
  private final Map<R, Slot> owned = new HashMap<>();
  private final Map<Long, Set<Slot>> slotsOf = new HashMap<>();
  private final Map<R, Slot> refused = new HashMap<>();

  Claim claim(Slot slot, R registration) {
    if (refused.containsKey(registration)) {
      return Claim.refused;
    }
    R owner = owners.putIfAbsent(slot, registration);
    if (owner == null) {
      owned.put(registration, slot);
      slotsOf.computeIfAbsent(slot.bundleId(), id -> new HashSet<>()).add(slot);
      return Claim.granted;
    }
    if (owner.equals(registration)) {
      return Claim.granted;
    }
    refused.put(registration, slot);
    return Claim.duplicate;
  }

  /** The registration serving {@code slot}, if any. */
  Optional<R> owner(Slot slot) {
    return Optional.ofNullable(owners.get(slot));
  }

  /** Forgets a registration that went away; true when it was serving its slot. */
  boolean release(R registration) {
    if (refused.remove(registration) != null) {
      return false;
    }
    Slot slot = owned.remove(registration);
    if (slot == null) {
      return false;
    }
    owners.remove(slot);
    Set<Slot> slots = slotsOf.get(slot.bundleId());
    if (slots != null) {
      slots.remove(slot);
    }
    return true;
  }

  /**
   * The plugin bundle stopped serving (unloaded, failed): its slots are free again. Refused registrations
   * stay refused.
   */
  void releaseAll(long bundleId) {
    Set<Slot> slots = slotsOf.remove(bundleId);
    if (slots != null) {
      slots.forEach(slot -> owned.remove(owners.remove(slot)));
    }
  }

  /** The registration goes with its bundle: forget everything of the bundle. */
  void forget(long bundleId) {
    releaseAll(bundleId);
    refused.values().removeIf(slot -> slot.bundleId() == bundleId);
  }
}
