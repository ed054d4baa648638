package ai.tyrum.gateway.itest.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How many inputs a fuzz property tries: its {@code @Property(tries)} in {@code mvn verify}, or
 * {@code -Dtyrum.fuzz.tries=N} for the long run the README describes. The same hook as
 * {@code ai.tyrum.gateway.lib.testing.FuzzTries}, which this module cannot reach: its test class path
 * holds no gateway jar but the API.
 */
public final class FuzzTries implements AroundPropertyHook {

  /** The system property of the long run. */
  public static final String PROPERTY = "tyrum.fuzz.tries";

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    String tries = System.getProperty(PROPERTY, "").trim();
    if (!tries.isEmpty()) {
      context.attributes().setTries(Integer.parseInt(tries));
    }
    return property.execute();
  }

  @Override
  public int aroundPropertyProximity() {
    return -100;
  }
}
