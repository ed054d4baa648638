package ai.tyrum.gateway.policy.decision;

import ai.tyrum.gateway.spi.DataDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps the policy in force in step with its files: a saved change to {@code <data>/policy/} is
 * reloaded once the editor's writes have settled, without {@code policy:reload}.
 */
@Component(immediate = true, service = {})
public final class PolicyFileWatch {

  private final PolicyWatcher watcher;

  @Activate
  public PolicyFileWatch(@Reference PolicyDecider decider, @Reference DataDirectory data) {
    watcher = new PolicyWatcher(data.dir("policy"), decider::reloadQuietly);
    watcher.start();
  }

  @Deactivate
  void deactivate() {
    watcher.close();
  }
}
