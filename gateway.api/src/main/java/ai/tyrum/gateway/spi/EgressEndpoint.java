package ai.tyrum.gateway.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One endpoint of an egress class (DESIGN section 3, permission {@code network.egress}), in the
 * canonical form the policy stores it in.
 *
 * @param host a lower-case DNS name; or {@code *.} and a DNS name, which stands for every subdomain of that
 *     name at any depth but not the name itself; or an IPv4 address in dotted decimal; or an IPv6 address
 *     in brackets, in its RFC 5952 text form (such as {@code [2001:db8::1]})
 * @param port 1 to 65535
 * @since 1.2
 */
public record EgressEndpoint(String host, int port) {

  /** What may stand before a wildcard's name: whole DNS labels, so that no spelling crosses a dot. */
  private static final Pattern SUBDOMAIN_LABELS = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*");

  public EgressEndpoint {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("an egress endpoint needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
  }

  /** Whether the host is a {@code *.} wildcard. */
  public boolean wildcard() {
    return host.startsWith("*.");
  }

  /**
   * Whether a connection to {@code host}:{@code port} is one this endpoint allows. DNS names compare
   * ignoring ASCII case; an IPv6 address must be given as {@link #host()} spells it (in brackets, RFC 5952),
   * so any other spelling of it does not match: a mismatch refuses, never allows.
   */
  public boolean matches(String host, int port) {
    if (port != this.port) {
      return false;
    }
    String candidate = host.toLowerCase(Locale.ROOT);
    if (!wildcard()) {
      return candidate.equals(this.host);
    }
    String suffix = this.host.substring(1);
    return candidate.length() > suffix.length()
        && candidate.endsWith(suffix)
        && SUBDOMAIN_LABELS.matcher(candidate.substring(0, candidate.length() - suffix.length())).matches();
  }

  /** {@code host:port}, the form policy files and {@code policy:show} use. */
  @Override
  public String toString() {
    return host + ":" + port;
  }
}
