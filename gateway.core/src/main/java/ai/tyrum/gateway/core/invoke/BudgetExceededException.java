package ai.tyrum.gateway.core.invoke;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A call given up past its budget ({@code budget_exceeded}): which budget, its limit and the figure the
 * call reached, in the budget's unit (milliseconds of CPU for {@code cpu_ms}, MiB for {@code alloc_mb},
 * rounded up). Status 503, as for {@code plugin_busy}: the plugin, not the request, ran out of what the
 * gateway grants it; a caller may retry, and policy may give the plugin more.
 */
public final class BudgetExceededException extends ToolCallException {

  private static final long serialVersionUID = 1L;

  private final String budget;
  private final long limit;
  private final long used;

  BudgetExceededException(String budget, long limit, long used) {
    super("budget_exceeded", 503, message(budget, limit, used), List.of(budget, "limit=" + limit, "used=" + used));
    this.budget = budget;
    this.limit = limit;
    this.used = used;
  }

  private static String message(String budget, long limit, long used) {
    boolean cpu = budget.equals("cpu_ms");
    String spent = cpu ? "took " + used + " ms of CPU time" : "allocated " + used + " MiB";
    return "the call " + spent + ", past its budget of " + limit + (cpu ? " ms" : " MiB") + " (budgets." + budget + " in policy), and was"
        + " interrupted; a call that keeps overrunning disables its plugin";
  }

  /** The {@code budget} object of the call's audit record. */
  public Map<String, Object> auditFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", budget);
    fields.put("limit", limit);
    fields.put("used", used);
    return fields;
  }
}
