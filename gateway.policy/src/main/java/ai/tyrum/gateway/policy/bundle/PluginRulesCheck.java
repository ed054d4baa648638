package ai.tyrum.gateway.policy.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code plugins:} rules that span files (see {@code PolicyMerge}). What may be installed is decided
 * once for the whole gateway, so an agent file may not hold the section; {@code overrides.yml} may only
 * narrow what {@code deployment.yml} says: turn local installs or deploy pre-approval off, drop allowed
 * sources, raise approval counts. The merge narrows either way; refusing here tells the operator, with
 * the file and the pointer, that an entry would have had no effect.
 */
final class PluginRulesCheck {

  private PluginRulesCheck() {}

  static List<String> faults(EgressClassCheck.Named deployment, List<EgressClassCheck.Named> agents, EgressClassCheck.Named overrides) {
    List<String> faults = new ArrayList<>();
    for (EgressClassCheck.Named agent : agents) {
      if (agent.layer().plugins().present()) {
        faults.add(agent.name() + ": " + EgressClassReader.fault("/plugins", "plugins_not_per_agent",
            "what may be installed, and which plugin operations need approvals, holds for the whole gateway, not one agent:"
                + " move this section to " + deployment.name() + " (or narrow it in " + overrides.name() + ")"));
      }
    }
    PluginLayer base = deployment.layer().plugins();
    PluginLayer narrowing = overrides.layer().plugins();
    String file = overrides.name();
    if (narrowing.localInstalls().orElse(false)) {
      faults.add(file + ": " + EgressClassReader.fault("/plugins/local_installs", "plugins_override_widens",
          file + " can only turn local installs off (false); allow them in " + deployment.name() + ", or remove this key"));
    }
    if (narrowing.deployPreapproved().orElse(false)) {
      faults.add(file + ": " + EgressClassReader.fault("/plugins/deploy_preapproved", "plugins_override_widens",
          file + " can only turn deploy pre-approval off (false); pre-approve in " + deployment.name() + ", or remove this key"));
    }
    List<String> allowed = base.allowSources().orElse(List.of());
    List<String> sources = narrowing.allowSources().orElse(List.of());
    for (int i = 0; i < sources.size(); i++) {
      if (!allowed.contains(sources.get(i))) {
        faults.add(file + ": " + EgressClassReader.fault("/plugins/allow_sources/" + i, "plugins_override_widens",
            "source " + sources.get(i) + " is not in " + deployment.name() + "'s allow_sources, and " + file
                + " can only remove sources from that list, never add one"));
      }
    }
    narrowing.approvals().forEach((operation, count) -> {
      int required = base.approvals().getOrDefault(operation, 0);
      if (count < required) {
        faults.add(file + ": " + EgressClassReader.fault("/plugins/approvals/" + operation, "plugins_override_widens",
            operation + " needs " + required + " approval(s) by " + deployment.name() + ", and " + file
                + " can only raise that count, not lower it to " + count));
      }
    });
    return faults;
  }
}
