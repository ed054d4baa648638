package ai.tyrum.gateway.core.breaker;

import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.PluginInstaller;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Disables a plugin whose calls overrun {@code breaker.overruns} times within
 * {@code breaker.window_seconds} (the policy's {@code budgets:} section): through the marketplace's
 * {@link PluginInstaller}, so that it stays disabled across restarts until an operator runs
 * {@code plugin:enable}, with the {@code plugin.lifecycle} event {@code disabled}, reason
 * {@value #REASON}, actor {@value #ACTOR} and the figures, and a WARNING line in the log.
 *
 * <p>An overrun is a call given up in its execution step as {@code budget_exceeded} or
 * {@code tool_timeout}: either way the plugin's thread ran on past what the gateway grants a call, and
 * holds one of the plugin's workers until it ends, so a plugin that keeps doing it would soon serve
 * nothing but {@code plugin_busy}. A call refused before it ran ({@code plugin_busy}, {@code overloaded})
 * is not the plugin's doing and does not count. The breaker reads the calls' audit records as EventAdmin
 * delivers them, rather than being called from the call path: the call path answers its caller and
 * knows nothing of plugins' lifecycles. An operator's {@code plugin:enable} (the {@code enabled} event)
 * starts the count afresh.
 */
@Component(
    service = EventHandler.class,
    property = {
      EventConstants.EVENT_TOPIC + "=" + CircuitBreaker.INVOKED_TOPIC,
      EventConstants.EVENT_TOPIC + "=" + CircuitBreaker.LIFECYCLE_TOPIC,
      // only what can count or reset: EventAdmin then hands this handler nothing for an ordinary call
      EventConstants.EVENT_FILTER + "=(|(error=budget_exceeded)(error=tool_timeout)(kind=enabled))"
    })
public final class CircuitBreaker implements EventHandler {

  static final String INVOKED_TOPIC = "tyrum/plugin_tool/invoked";
  static final String LIFECYCLE_TOPIC = "tyrum/plugin/lifecycle";
  static final String ACTOR = "gateway:circuit_breaker";
  static final String REASON = "circuit_open";
  private static final Set<String> OVERRUNS = Set.of("budget_exceeded", "tool_timeout");
  private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

  /** Per plugin id, when each overrun in the window happened ({@link System#nanoTime()}), oldest first. */
  private final Map<String, Deque<Long>> overruns = new ConcurrentHashMap<>();
  /** Disables off EventAdmin's thread: stopping a bundle may take longer than EventAdmin grants a handler. */
  private final ExecutorService disabling = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "tyrum-circuit-breaker");
    thread.setDaemon(true);
    return thread;
  });
  private volatile ToolPolicy policy;
  private volatile PluginInstaller installer;

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  public void setPolicy(ToolPolicy policy) {
    this.policy = policy;
  }

  public void unsetPolicy(ToolPolicy policy) {
    if (this.policy == policy) {
      this.policy = null;
    }
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  public void setInstaller(PluginInstaller installer) {
    this.installer = installer;
  }

  public void unsetInstaller(PluginInstaller installer) {
    if (this.installer == installer) {
      this.installer = null;
    }
  }

  @Deactivate
  public void deactivate() {
    disabling.shutdownNow();
  }

  @Override
  public void handleEvent(Event event) {
    if (!(event.getProperty("plugin") instanceof Map<?, ?> plugin) || !(plugin.get("id") instanceof String id)) {
      return;
    }
    if (event.getTopic().equals(LIFECYCLE_TOPIC)) {
      if ("enabled".equals(event.getProperty("kind"))) {
        overruns.remove(id);
      }
    } else if ("error".equals(event.getProperty("outcome")) && OVERRUNS.contains(event.getProperty("error"))
        && "execution".equals(event.getProperty("failed_step"))) {
      overran(id, (String) event.getProperty("error"));
    }
  }

  /** Counts one overrun of plugin {@code id}, and opens the circuit at the policy's count. */
  void overran(String id, String code) {
    ToolPolicy current = policy;
    CallBudgets.Breaker breaker = current == null ? CallBudgets.DEFAULT.breaker() : current.budgets().breaker();
    long now = System.nanoTime();
    long window = TimeUnit.SECONDS.toNanos(breaker.windowSeconds());
    Deque<Long> times = overruns.computeIfAbsent(id, i -> new ArrayDeque<>());
    int count;
    synchronized (times) {
      times.addLast(now);
      while (now - times.peekFirst() > window) {
        times.removeFirst();
      }
      count = times.size();
      if (count < breaker.overruns()) {
        return;
      }
      times.clear(); // the circuit opens once; counting starts afresh
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("overruns", count);
    facts.put("window_seconds", breaker.windowSeconds());
    facts.put("last", code);
    try {
      disabling.execute(() -> open(id, facts));
    } catch (RejectedExecutionException stopping) {
      // the gateway is stopping
    }
  }

  private void open(String id, Map<String, Object> facts) {
    PluginInstaller current = installer;
    String what = "plugin " + id + " overran " + facts.get("overruns") + " calls within " + facts.get("window_seconds")
        + " s (the last: " + facts.get("last") + ")";
    if (current == null) {
      LOG.log(System.Logger.Level.WARNING, what + "; the circuit breaker cannot disable it, as no plugin installer"
          + " (gateway.marketplace) runs: it stays enabled");
      return;
    }
    LOG.log(System.Logger.Level.WARNING, what + ": the circuit breaker disables it until an operator runs plugin:enable " + id);
    try {
      current.disable(id, ACTOR, REASON, facts);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the circuit breaker could not disable plugin " + id + ": " + e.getMessage());
    }
  }
}
