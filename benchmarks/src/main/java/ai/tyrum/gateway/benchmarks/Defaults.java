package ai.tyrum.gateway.benchmarks;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A component property type with every member at its default, as DS hands it to an unconfigured component. */
final class Defaults {

  private Defaults() {}

  static <A> A of(Class<A> type) {
    return of(type, Map.of());
  }

  /** As {@link #of(Class)}, with the members {@code values} names (by method name) set to its values. */
  static <A> A of(Class<A> type, Map<String, Object> values) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
        switch (method.getName()) {
          case "annotationType" -> type;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> type.getSimpleName() + "(defaults)";
          default -> values.getOrDefault(method.getName(), method.getDefaultValue());
        }));
  }
}
