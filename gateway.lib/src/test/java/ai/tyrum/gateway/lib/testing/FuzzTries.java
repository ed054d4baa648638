package ai.tyrum.gateway.lib.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How many inputs a fuzz property tries: the short run of {@code mvn verify} takes the {@code tries} of
 * its {@code @Property}; the long run the README describes sets {@code -Dtyrum.fuzz.tries=N} for every
 * fuzz property at once. Add it to a fuzz class with {@code @AddLifecycleHook(FuzzTries.class)}.
 */
public final class FuzzTries implements AroundPropertyHook {

  /** The system property of the long run. */
  public static final String PROPERTY = "tyrum.fuzz.tries";

  /** Added to a class, it applies to every property of the class. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    String tries = System.getProperty(PROPERTY, "").trim();
    if (!tries.isEmpty()) {
      context.attributes().setTries(Integer.parseInt(tries));
    }
    return property.execute();
  }

  /** Outside every other hook, so that the tries are set before the property's own hooks see them. */
  @Override
  public int aroundPropertyProximity() {
    return -100;
  }
}
