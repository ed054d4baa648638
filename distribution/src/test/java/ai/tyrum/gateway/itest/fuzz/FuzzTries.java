package ai.tyrum.gateway.itest.fuzz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
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

  /**
   * Marks a property whose every try costs a framework start or more: in the long run it tries
   * {@code tyrum.fuzz.tries / divisor} inputs, and never fewer than its {@code @Property(tries)}.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  public @interface Costly {
    int divisor();
  }

  /** Added to a class, it applies to every property of the class. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    String tries = System.getProperty(PROPERTY, "").trim();
    if (!tries.isEmpty()) {
      int asked = Integer.parseInt(tries);
      int annotated = context.attributes().tries().orElse(1);
      context.attributes().setTries(
          context.findAnnotation(Costly.class).map(c -> Math.max(annotated, asked / c.divisor())).orElse(asked));
    }
    return property.execute();
  }

  @Override
  public int aroundPropertyProximity() {
    return -100;
  }
}
