package ai.tyrum.gateway.policy.decision;

import ai.tyrum.gateway.policy.bundle.PolicyFiles;
import ai.tyrum.gateway.spi.DataDirectory;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps the policy in force in step with its files: a saved change to {@code <data>/policy/} is
 * reloaded once the editor's writes have settled (no change for {@link #SETTLE}, and the same bytes
 * read twice that far apart), without {@code policy:reload}.
 */
@Component(immediate = true, service = {})
public final class PolicyFileWatch {

  /** Long enough to see an editor's next write, short enough that a save is in force "within a moment". */
  static final Duration SETTLE = Duration.ofMillis(150);

  private final PolicyWatcher<PolicyFiles> watcher;

  @Activate
  public PolicyFileWatch(@Reference PolicyDecider decider, @Reference DataDirectory data) {
    watcher = new PolicyWatcher<>(data.dir("policy"), SETTLE, decider::load, PolicyFiles::sameAs, decider::reloadQuietly);
    watcher.start();
  }

  @Deactivate
  void deactivate() {
    watcher.close();
  }
}
