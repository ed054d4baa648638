package ai.tyrum.gateway.core.host;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The limits of every HTTP request a plugin sends through {@code Egress}, configuration PID
 * {@value #PID}. A change re-creates the shared client: requests that start after it get the new limits.
 */
@ObjectClassDefinition(
    name = "Tyrum egress",
    description = "Timeouts, response cap and redirects of the HTTP requests plugins send through Egress.")
public @interface EgressLimits {

  String PID = "tyrum.egress";

  @AttributeDefinition(
      name = "Connect timeout (ms)",
      description = "How long opening a connection may take; then egress_timeout.",
      min = "1")
  long connect_timeout_ms() default 5_000;

  @AttributeDefinition(
      name = "Timeout (ms)",
      description = "How long one exchange may take, from sending the request to the last byte of the"
          + " response body; each redirect starts a new exchange. Then egress_timeout.",
      min = "1")
  long timeout_ms() default 30_000;

  @AttributeDefinition(
      name = "Response cap (bytes)",
      description = "Largest response body; a larger one is response_too_large, and no more of it is read.",
      min = "1")
  int max_response_bytes() default 1024 * 1024;

  @AttributeDefinition(
      name = "Redirects",
      description = "Redirects followed for one request, each checked like the request; one more is"
          + " too_many_redirects.",
      min = "0")
  int max_redirects() default 5;
}
