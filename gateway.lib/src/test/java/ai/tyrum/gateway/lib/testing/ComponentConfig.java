package ai.tyrum.gateway.lib.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component property type instance as DS hands one to a component, for tests of components that
 * take a configuration: each member returns its value from {@code values} (keyed by member name),
 * else its default.
 */
public final class ComponentConfig {

  private ComponentConfig() {}

  public static <A> A of(Class<A> type, Map<String, ?> values) {
    for (String name : values.keySet()) {
      try {
        type.getMethod(name);
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(type.getSimpleName() + " has no member " + name, e);
      }
    }
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
        switch (method.getName()) {
          case "annotationType" -> type;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> type.getSimpleName() + values;
          default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
        }));
  }

  /** Every member at its default. */
  public static <A> A defaults(Class<A> type) {
    return of(type, Map.of());
  }
}
