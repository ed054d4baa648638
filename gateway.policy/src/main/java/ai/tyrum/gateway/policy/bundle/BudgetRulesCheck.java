package ai.tyrum.gateway.policy.bundle;

import ai.tyrum.gateway.spi.CallBudgets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code budgets:} rules that span files (see {@code PolicyMerge}). A budget bounds what one call of
 * a plugin may spend whichever agent it serves, and the circuit breaker it feeds disables the plugin for
 * every agent, so an agent file may not hold the section: an agent's looser budget would be one for all,
 * and an agent's tighter one could disable a plugin that every other agent relies on. {@code overrides.yml}
 * may only narrow what {@code deployment.yml} says: lower a figure, need fewer overruns, watch a longer
 * window. The merge narrows either way; refusing here tells the operator, with the file and the pointer,
 * that an entry would have had no effect.
 */
final class BudgetRulesCheck {

  private BudgetRulesCheck() {}

  static List<String> faults(EgressClassCheck.Named deployment, List<EgressClassCheck.Named> agents, EgressClassCheck.Named overrides) {
    List<String> faults = new ArrayList<>();
    for (EgressClassCheck.Named agent : agents) {
      if (agent.layer().budgets().present()) {
        faults.add(agent.name() + ": " + EgressClassReader.fault("/budgets", "budgets_not_per_agent",
            "call budgets and the circuit breaker hold for a plugin whichever agent calls it, not for one agent:"
                + " move this section to " + deployment.name() + " (or narrow it in " + overrides.name() + ")"));
      }
    }
    BudgetLayer base = deployment.layer().budgets();
    BudgetLayer narrowing = overrides.layer().budgets();
    Context context = new Context(deployment.name(), overrides.name(), faults);
    CallBudgets.Budget defaults = CallBudgets.DEFAULT.defaults();
    context.atMost("/budgets/cpu_ms", narrowing.figures().cpuMs(), base.figures().cpuMs().orElse(defaults.cpuMs()));
    context.atMost("/budgets/alloc_mb", narrowing.figures().allocMb(), base.figures().allocMb().orElse(defaults.allocMb()));
    narrowing.plugins().forEach((plugin, figures) -> {
      BudgetLayer.Figures deployed = base.of(plugin);
      String at = "/budgets/plugins/" + EgressClassReader.escape(plugin);
      context.atMost(at + "/cpu_ms", figures.cpuMs(), deployed.cpuMs().orElse(defaults.cpuMs()));
      context.atMost(at + "/alloc_mb", figures.allocMb(), deployed.allocMb().orElse(defaults.allocMb()));
    });
    CallBudgets.Breaker breaker = CallBudgets.DEFAULT.breaker();
    context.atMost("/budgets/breaker/overruns", boxed(narrowing.overruns()), base.overruns().orElse(breaker.overruns()));
    long window = base.windowSeconds().orElse(breaker.windowSeconds());
    narrowing.windowSeconds().ifPresent(seconds -> {
      if (seconds < window) {
        faults.add(overrides.name() + ": " + EgressClassReader.fault("/budgets/breaker/window_seconds", "budgets_override_widens",
            "the breaker counts overruns over " + window + " s by " + deployment.name() + ", and " + overrides.name()
                + " can only lengthen that window, not shorten it to " + seconds));
      }
    });
    return faults;
  }

  private static Optional<Long> boxed(OptionalLong value) {
    return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
  }

  private record Context(String deployment, String overrides, List<String> faults) {

    void atMost(String pointer, Optional<Long> value, long bound) {
      value.filter(v -> v > bound).ifPresent(v -> faults.add(overrides + ": " + EgressClassReader.fault(pointer, "budgets_override_widens",
          "it is " + bound + " by " + deployment + ", and " + overrides + " can only lower it, not raise it to " + v)));
    }
  }
}
