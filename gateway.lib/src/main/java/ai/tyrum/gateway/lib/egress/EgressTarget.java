package ai.tyrum.gateway.lib.egress;

import ai.tyrum.gateway.spi.EgressEndpoint;

/**
 * The target of a plugin's {@code network.egress} permission (DESIGN section 3): one endpoint
 * ({@code host:port}), or {@code class:<name>}, an egress class that the policy maps to endpoints. The
 * manifest check and the policy read targets here, so that every class a plugin can name is one a policy
 * file can define, and the other way round.
 */
public sealed interface EgressTarget {

  /** What stands before the name of an egress class in a target. */
  String CLASS_PREFIX = "class:";

  /** What a valid target looks like; every refusal of a target ends with it. */
  String HOW = "write host:port, such as api.example.com:443, *.example.com:443, 192.0.2.10:8080 or [2001:db8::1]:443, "
      + "or class:<name>, such as class:internal_db";

  /** A target naming one endpoint, in its canonical form. */
  record Endpoint(EgressEndpoint endpoint) implements EgressTarget {
    @Override
    public String toString() {
      return endpoint.toString();
    }
  }

  /** A target naming an egress class. */
  record ClassName(String name) implements EgressTarget {
    @Override
    public String toString() {
      return CLASS_PREFIX + name;
    }
  }

  /**
   * Reads a {@code network.egress} target. The prefix is case-sensitive: {@code Class:x} is read as an
   * endpoint, and refused as one.
   *
   * @throws InvalidEgressException {@code egress_class_name_invalid} for a {@code class:} target whose name
   *     breaks {@link EgressEndpoints#CLASS_NAME}, else any code of {@link EgressEndpoints#parse}; the
   *     message ends with {@link #HOW}
   */
  static EgressTarget parse(String target) {
    if (!target.startsWith(CLASS_PREFIX)) {
      try {
        return new Endpoint(EgressEndpoints.parse(target));
      } catch (InvalidEgressException e) {
        // the parser's advice covers host:port only; a target may name a class as well
        throw new InvalidEgressException(e.code(), EgressEndpoints.withoutAdvice(e.getMessage()) + "; " + HOW);
      }
    }
    String name = target.substring(CLASS_PREFIX.length());
    if (!EgressEndpoints.CLASS_NAME.matcher(name).matches()) {
      throw new InvalidEgressException(
          "egress_class_name_invalid",
          EgressEndpoints.quote(target) + ": the class name must be " + EgressEndpoints.CLASS_NAME_RULE + "; " + HOW);
    }
    return new ClassName(name);
  }
}
