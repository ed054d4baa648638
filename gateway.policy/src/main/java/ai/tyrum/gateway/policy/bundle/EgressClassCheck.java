package ai.tyrum.gateway.policy.bundle;

import ai.tyrum.gateway.lib.egress.EgressEndpoints;
import ai.tyrum.gateway.spi.EgressEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The egress class rules that span files (see {@code PolicyMerge}): an agent file can narrow a class
 * the deployment defines, never add to it; overrides can narrow a class some file defines, never define
 * one or add to it. The merge intersects either way; refusing here tells the operator, with the file and
 * the pointer, that an entry would have had no effect.
 */
final class EgressClassCheck {

  /** A file's name (relative to the policy dir) and its layer. */
  record Named(String name, PolicyLayer layer) {}

  private EgressClassCheck() {}

  static List<String> faults(Named deployment, List<Named> agents, Named overrides) {
    List<String> faults = new ArrayList<>();
    Map<String, List<EgressEndpoint>> defined = deployment.layer().egressClasses();
    for (Named agent : agents) {
      agent.layer().egressClasses().forEach((name, endpoints) -> {
        List<EgressEndpoint> base = defined.get(name);
        if (base != null) {
          widened(agent.name(), name, endpoints, base, deployment.name() + " defines", faults,
              "an agent file can only narrow a class the deployment defines (list some of its endpoints,"
                  + " or names inside its wildcards), or define a class of its own under another name");
        }
      });
    }
    overrides.layer().egressClasses().forEach((name, endpoints) -> {
      Optional<List<EgressEndpoint>> base = definition(name, deployment, agents);
      String definedBy = deployment.layer().egressClasses().containsKey(name) ? deployment.name() + " defines" : "the agent files define";
      if (base.isEmpty()) {
        faults.add(overrides.name() + ": " + EgressClassReader.fault(pointer(name), "egress_class_undefined",
            "no deployment or agent file defines class " + name + ", and " + overrides.name()
                + " can only narrow a class, never define one: define it in " + deployment.name() + ", or remove it here"));
      } else {
        widened(overrides.name(), name, endpoints, base.get(), definedBy, faults,
            overrides.name() + " can only remove endpoints from a class, never add one");
      }
    });
    return faults;
  }

  /** The deployment's definition of the class; else, for a class only agents define, every agent's endpoints. */
  private static Optional<List<EgressEndpoint>> definition(String name, Named deployment, List<Named> agents) {
    List<EgressEndpoint> fromDeployment = deployment.layer().egressClasses().get(name);
    if (fromDeployment != null) {
      return Optional.of(fromDeployment);
    }
    List<EgressEndpoint> fromAgents = new ArrayList<>();
    boolean any = false;
    for (Named agent : agents) {
      List<EgressEndpoint> own = agent.layer().egressClasses().get(name);
      if (own != null) {
        fromAgents.addAll(own);
        any = true;
      }
    }
    return any ? Optional.of(fromAgents) : Optional.empty();
  }

  private static void widened(
      String file,
      String name,
      List<EgressEndpoint> endpoints,
      List<EgressEndpoint> base,
      String definedBy,
      List<String> faults,
      String rule) {
    for (int i = 0; i < endpoints.size(); i++) {
      EgressEndpoint endpoint = endpoints.get(i);
      if (!EgressEndpoints.covered(endpoint, base)) {
        faults.add(file + ": " + EgressClassReader.fault(pointer(name) + "/" + i, "egress_class_widened",
            endpoint + " is not in class " + name + " as " + definedBy + " it; " + rule));
      }
    }
  }

  private static String pointer(String name) {
    return "/" + EgressClassReader.KEY + "/" + EgressClassReader.escape(name);
  }
}
