package ai.tyrum.gateway.core.mcp.serve;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code Origin} check of the MCP endpoint (MCP 2025-06-18, Transports, "Security Warning": servers
 * MUST validate the Origin header of every connection, against DNS rebinding). A request without an
 * {@code Origin} comes from no browser page and passes. One with an {@code Origin} passes only when that
 * origin is the gateway's own: {@code http} or {@code https}, a loopback name or the address the request
 * reached, and the port it reached. Comparing with the {@code Host} header would not do: a rebound name
 * sends a matching {@code Host}.
 */
final class Origins {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private Origins() {}

  /**
   * Whether {@code origin}, the request's {@code Origin} header if any, may reach the endpoint the
   * request reached at {@code localAddress}:{@code localPort}.
   */
  static boolean allowed(Optional<String> origin, String localAddress, int localPort) {
    if (origin.isEmpty()) {
      return true;
    }
    URI uri;
    try {
      uri = new URI(origin.get().strip());
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return false;
    }
    // an Origin is scheme://host[:port] and nothing more
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
      return false;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return port == localPort && (LOOPBACK.contains(host) || host.equals(bare(localAddress.toLowerCase(Locale.ROOT))));
  }

  /** An address as a URI's host part gives it: IPv6 in brackets. */
  private static String bare(String address) {
    return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
  }
}
