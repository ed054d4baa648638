package ai.tyrum.gateway.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * HTTP to the outside, for a plugin granted {@code network.egress} (DESIGN section 3). The gateway hands
 * each plugin its own instance (reference it with DS) and checks the plugin's declared and granted
 * permissions on every request and every redirect, and every address a granted name resolves to: a name
 * cannot reach a loopback, private or link-local address that the grant does not name itself.
 * Connections and reads have timeouts, and a response body is capped.
 */
@ProviderType
public interface Egress {

  /**
   * Sends {@code request}, following at most five redirects (each checked like the request itself), and
   * returns the final response with its body read whole.
   *
   * @throws PluginException {@code permission_denied} when the endpoint, a redirect's or an address it
   *     resolves to is not granted; {@code egress_failed} when the connection or the exchange fails;
   *     {@code egress_timeout}; {@code response_too_large} past the gateway's cap;
   *     {@code too_many_redirects}
   */
  EgressResponse send(EgressRequest request);
}
