package ai.tyrum.gateway.marketplace.gate;

import java.util.Collection;
import java.util.function.Predicate;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The resolve-time gate (DESIGN section 5): a bundle resolves only if it is part of the gateway's run
 * set or verified in the lockfile, whoever installed it and however. {@code admitted} decides; this
 * class only applies the decision to the resolver (OSGi Core 60.2, resolver hooks).
 */
public final class ResolveGate implements ResolverHookFactory {

  private final Predicate<BundleRevision> admitted;

  public ResolveGate(Predicate<BundleRevision> admitted) {
    this.admitted = admitted;
  }

  @Override
  public ResolverHook begin(Collection<BundleRevision> triggers) {
    // Felix 7 builds its whitelist from the unresolved revisions only and drops every candidate outside
    // it, resolved providers included, once filterResolvable removes anything: a bundle kept out is
    // removed there only when it is itself a trigger (its resolution then fails alone), and is otherwise
    // kept from being wired to in filterMatches (as the extender's own hook does). One that is no trigger
    // resolves in no operation but as a provider, so even one without requirements stays unresolved;
    // removing it from every operation would have left no bundle able to resolve while it is installed.
    return new ResolverHook() {
      @Override
      public void filterResolvable(Collection<BundleRevision> candidates) {
        candidates.removeIf(r -> !admitted.test(r) && triggers.contains(r));
      }

      @Override
      public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {}

      @Override
      public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
        if (!admitted.test(requirement.getRevision())) {
          candidates.clear();
        } else {
          candidates.removeIf(c -> !admitted.test(c.getRevision()));
        }
      }

      @Override
      public void end() {}
    };
  }
}
