package ai.tyrum.gateway.lib.egress;

import ai.tyrum.gateway.spi.EgressEndpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Egress endpoints as plugin manifests and policy files write them ({@code host:port}, DESIGN section 3
 * {@code network.egress}) and the set operations the policy merge needs. The parser is strict on purpose:
 * an endpoint is a boundary of what a plugin may reach, so every text has exactly one reading, and
 * {@link EgressEndpoint#toString()} of a parsed endpoint parses back to the same endpoint. The manifest
 * check and gateway.policy (which copies this package in) share it, so that a target one accepts the
 * other reads the same way.
 */
public final class EgressEndpoints {

  /** An egress class name, as policy files and {@code class:<name>} permission targets write it. */
  public static final Pattern CLASS_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  /** {@link #CLASS_NAME} in words, for the messages that refuse a name. */
  public static final String CLASS_NAME_RULE = "1 to 63 of a-z, 0-9, '_' and '-', starting with a letter";
  /** Longer than any valid endpoint: a bracketed IPv6 address or a 253-character name, a wildcard and a port. */
  public static final int MAX_LENGTH = 300;

  static final String HOW = "write host:port, such as api.example.com:443, *.example.com:443, 192.0.2.10:8080 or [2001:db8::1]:443";

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

  private EgressEndpoints() {}

  /**
   * Parses {@code host:port}. DNS names are lower-cased; IPv6 addresses take their RFC 5952 form.
   *
   * @throws InvalidEgressException {@code egress_endpoint_malformed}, {@code egress_port_invalid},
   *     {@code egress_host_invalid}, {@code egress_ipv4_invalid}, {@code egress_ipv6_invalid} or
   *     {@code egress_wildcard_invalid}
   */
  public static EgressEndpoint parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new InvalidEgressException("egress_endpoint_malformed", "longer than " + MAX_LENGTH + " characters; " + HOW);
    }
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new InvalidEgressException("egress_ipv6_invalid", quote(text) + " opens '[' without closing it; " + HOW);
      }
      if (close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw new InvalidEgressException("egress_endpoint_malformed", quote(text) + " has no ':port' after the address; " + HOW);
      }
      host = "[" + ipv6(text.substring(1, close)) + "]";
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        throw new InvalidEgressException("egress_endpoint_malformed", quote(text) + " has no port; " + HOW);
      }
      if (text.substring(0, colon).indexOf(':') >= 0) {
        throw new InvalidEgressException(
            "egress_ipv6_invalid", quote(text) + ": an IPv6 address goes in brackets, as in [2001:db8::1]:443");
      }
      host = host(text.substring(0, colon), text);
      port = text.substring(colon + 1);
    }
    return new EgressEndpoint(host, port(port, text));
  }

  private static int port(String port, String text) {
    if (!DIGITS.matcher(port).matches() || port.length() > 5 || (port.length() > 1 && port.charAt(0) == '0')) {
      throw new InvalidEgressException(
          "egress_port_invalid", quote(text) + ": the port must be a number from 1 to 65535 without leading zeros");
    }
    int value = Integer.parseInt(port);
    if (value < 1 || value > 65535) {
      throw new InvalidEgressException("egress_port_invalid", quote(text) + ": port " + value + " is not between 1 and 65535");
    }
    return value;
  }

  private static String host(String host, String text) {
    if (host.isEmpty()) {
      throw new InvalidEgressException("egress_endpoint_malformed", quote(text) + " has no host; " + HOW);
    }
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) > 0x7e || host.charAt(i) < 0x21) {
        throw new InvalidEgressException(
            "egress_host_invalid",
            quote(text) + ": the host has a space, control or non-ASCII character; write an internationalised name in its xn-- form");
      }
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("*.")) {
      String base = name.substring(2);
      if (base.indexOf('*') >= 0) {
        throw new InvalidEgressException("egress_wildcard_invalid", quote(text) + ": only one leading '*.' is allowed, as in *.example.com:443");
      }
      if (isNumeric(lastLabel(base))) {
        throw new InvalidEgressException("egress_wildcard_invalid", quote(text) + ": a wildcard applies to DNS names, never to IP addresses");
      }
      dnsName(base, text);
      if (base.indexOf('.') < 0) {
        throw new InvalidEgressException(
            "egress_wildcard_invalid",
            quote(text) + ": too broad, it covers a whole top-level domain; name at least two labels after '*.', as in *.example.com:443");
      }
      return name;
    }
    if (name.indexOf('*') >= 0) {
      throw new InvalidEgressException(
          "egress_wildcard_invalid", quote(text) + ": '*' may only be the whole first label, as in *.example.com:443");
    }
    if (isNumeric(lastLabel(name))) {
      ipv4(name, text);
      return name;
    }
    dnsName(name, text);
    return name;
  }

  private static void dnsName(String name, String text) {
    if (name.length() > 253) {
      throw new InvalidEgressException("egress_host_invalid", quote(text) + ": a DNS name has at most 253 characters");
    }
    if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
      throw new InvalidEgressException(
          "egress_host_invalid", quote(text) + ": the host has an empty label (a leading, trailing or doubled '.')");
    }
    for (String label : name.split("\\.")) {
      if (!LABEL.matcher(label).matches()) {
        throw new InvalidEgressException(
            "egress_host_invalid",
            quote(text) + ": label " + quote(label)
                + " is not a DNS label (1 to 63 of a-z, 0-9 and '-', neither first nor last a '-')");
      }
    }
    if (isNumeric(lastLabel(name))) {
      throw new InvalidEgressException("egress_host_invalid", quote(text) + ": a DNS name cannot end in an all-numeric label");
    }
  }

  private static void ipv4(String host, String text) {
    String[] octets = host.split("\\.", -1);
    boolean ok = octets.length == 4;
    for (int i = 0; ok && i < octets.length; i++) {
      String octet = octets[i];
      ok = DIGITS.matcher(octet).matches()
          && octet.length() <= 3
          && !(octet.length() > 1 && octet.charAt(0) == '0')
          && Integer.parseInt(octet) <= 255;
    }
    if (!ok) {
      throw new InvalidEgressException(
          "egress_ipv4_invalid",
          quote(text) + ": not an IPv4 address (four numbers from 0 to 255, without leading zeros, as in 192.0.2.10)");
    }
  }

  /** The RFC 5952 form of an IPv6 address: lower case, no leading zeros, the longest run of zero groups as {@code ::}. */
  private static String ipv6(String address) {
    InvalidEgressException invalid =
        new InvalidEgressException("egress_ipv6_invalid", quote("[" + address + "]") + " is not an IPv6 address (without a zone id), as in [2001:db8::1]:443");
    int[] groups = new int[8];
    String[] halves = address.split("::", -1);
    if (address.isEmpty() || halves.length > 2) {
      throw invalid;
    }
    List<Integer> head = groups(halves[0], halves.length == 1, invalid);
    List<Integer> tail = halves.length == 2 ? groups(halves[1], true, invalid) : List.of();
    int count = head.size() + tail.size();
    if (halves.length == 1 ? count != 8 : count > 7) {
      throw invalid;
    }
    for (int i = 0; i < head.size(); i++) {
      groups[i] = head.get(i);
    }
    for (int i = 0; i < tail.size(); i++) {
      groups[8 - tail.size() + i] = tail.get(i);
    }
    return format(groups);
  }

  /** The 16-bit groups of one side of {@code ::}; an IPv4 tail counts as two groups. */
  private static List<Integer> groups(String part, boolean mayEndInIpv4, InvalidEgressException invalid) {
    List<Integer> groups = new ArrayList<>();
    if (part.isEmpty()) {
      return groups;
    }
    String[] pieces = part.split(":", -1);
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (mayEndInIpv4 && i == pieces.length - 1 && piece.indexOf('.') >= 0) {
        try {
          ipv4(piece, piece);
        } catch (InvalidEgressException e) {
          throw invalid;
        }
        String[] octets = piece.split("\\.");
        groups.add(Integer.parseInt(octets[0]) << 8 | Integer.parseInt(octets[1]));
        groups.add(Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]));
      } else if (HEX_GROUP.matcher(piece).matches()) {
        groups.add(Integer.parseInt(piece, 16));
      } else {
        throw invalid;
      }
    }
    return groups;
  }

  private static String format(int[] groups) {
    boolean mapped = true;
    for (int i = 0; i < 5; i++) {
      mapped &= groups[i] == 0;
    }
    if (mapped && groups[5] == 0xffff) {
      // RFC 5952 section 5: an IPv4-mapped address keeps its dotted tail
      return "::ffff:" + (groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is never shortened (RFC 5952 section 4.2.2)
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /**
   * Whether every connection {@code inner} allows, {@code outer} allows too: the same endpoint, or a
   * host inside {@code outer}'s wildcard on the same port.
   */
  public static boolean covers(EgressEndpoint outer, EgressEndpoint inner) {
    if (outer.port() != inner.port()) {
      return false;
    }
    if (!outer.wildcard()) {
      return outer.equals(inner);
    }
    if (!inner.wildcard()) {
      return outer.matches(inner.host(), inner.port());
    }
    String outerBase = outer.host().substring(2);
    String innerBase = inner.host().substring(2);
    return innerBase.equals(outerBase) || innerBase.endsWith("." + outerBase);
  }

  /** Whether one endpoint of {@code outer} covers {@code inner}. */
  public static boolean covered(EgressEndpoint inner, Collection<EgressEndpoint> outer) {
    return outer.stream().anyMatch(o -> covers(o, inner));
  }

  /**
   * The endpoints both {@code a} and {@code b} allow. Two endpoints either nest or are disjoint (a
   * wildcard is a DNS subtree), so the intersection is what each side has inside the other.
   */
  public static List<EgressEndpoint> intersect(Collection<EgressEndpoint> a, Collection<EgressEndpoint> b) {
    List<EgressEndpoint> both = new ArrayList<>();
    a.stream().filter(e -> covered(e, b)).forEach(both::add);
    b.stream().filter(e -> covered(e, a)).forEach(both::add);
    return canonical(both);
  }

  /** Without duplicates, sorted by their text, unmodifiable: equal sets give equal snapshot JSON. */
  public static List<EgressEndpoint> canonical(Collection<EgressEndpoint> endpoints) {
    TreeMap<String, EgressEndpoint> sorted = new TreeMap<>();
    endpoints.forEach(e -> sorted.put(e.toString(), e));
    return List.copyOf(sorted.values());
  }

  private static String lastLabel(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static boolean isNumeric(String label) {
    return !label.isEmpty() && DIGITS.matcher(label).matches();
  }

  /** A refusal's message without the advice on how to write {@code host:port}, for a caller that gives its own. */
  static String withoutAdvice(String message) {
    String advice = "; " + HOW;
    return message.endsWith(advice) ? message.substring(0, message.length() - advice.length()) : message;
  }

  static String quote(String text) {
    return "\"" + text + "\"";
  }
}
