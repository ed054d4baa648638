package ai.tyrum.gateway.core.host;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Addresses inside the gateway's host or network, which a granted DNS name must not lead a plugin to:
 * loopback, any-local, link-local, site-local (RFC 1918 and the deprecated IPv6 fec0::/10), multicast,
 * and IPv6 unique-local (fc00::/7, RFC 4193), which the JDK does not count as site-local. An IPv4
 * address mapped into IPv6 reaches the JDK as the IPv4 address it maps.
 */
final class InternalAddresses {

  private InternalAddresses() {}

  /** What kind of internal address {@code address} is, in words, or empty when it is a public one. */
  static Optional<String> kind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return Optional.of("loopback");
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of("any-local");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("link-local");
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of("site-local");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("multicast");
    }
    if (address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc) {
      return Optional.of("unique-local");
    }
    return Optional.empty();
  }
}
