package ai.tyrum.gateway.lib.egress;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every form the endpoint parser refuses, with the code it gives: one list for the parser's own tests and
 * for each check that must refuse the same texts, such as a manifest's {@code network.egress} target.
 */
public final class RefusedEndpoints {

  private RefusedEndpoints() {}

  /** {@code (text, code)}: for {@code @MethodSource("ai.tyrum.gateway.lib.egress.RefusedEndpoints#cases")}. */
  public static Stream<Arguments> cases() {
    return Stream.of(
        refused("api.example.com", "egress_endpoint_malformed"),
        refused(":443", "egress_endpoint_malformed"),
        refused("[::1]443", "egress_endpoint_malformed"),
        Arguments.of(Named.of("400 letters:443", "a".repeat(400) + ":443"), "egress_endpoint_malformed"),
        refused("api.example.com:", "egress_port_invalid"),
        refused("api.example.com:0", "egress_port_invalid"),
        refused("api.example.com:65536", "egress_port_invalid"),
        refused("api.example.com:99999", "egress_port_invalid"),
        refused("api.example.com:0443", "egress_port_invalid"),
        refused("api.example.com:https", "egress_port_invalid"),
        refused("api.example.com:-1", "egress_port_invalid"),
        refused("api.example.com:4430000", "egress_port_invalid"),
        refused("api_v1.example.com:443", "egress_host_invalid"),
        refused("-api.example.com:443", "egress_host_invalid"),
        refused("api-.example.com:443", "egress_host_invalid"),
        refused("api..example.com:443", "egress_host_invalid"),
        refused("example.com.:443", "egress_host_invalid"),
        refused(".example.com:443", "egress_host_invalid"),
        refused("bücher.example:443", "egress_host_invalid"),
        refused("api example.com:443", "egress_host_invalid"),
        refused("256.1.1.1:443", "egress_ipv4_invalid"),
        refused("10.0.0:443", "egress_ipv4_invalid"),
        refused("010.0.0.1:443", "egress_ipv4_invalid"),
        refused("10.0.0.1.5:443", "egress_ipv4_invalid"),
        refused("example.123:443", "egress_ipv4_invalid"),
        refused("2001:db8::1:443", "egress_ipv6_invalid"),
        refused("[2001:db8::1:443", "egress_ipv6_invalid"),
        refused("[2001:db8::g]:443", "egress_ipv6_invalid"),
        refused("[1::2::3]:443", "egress_ipv6_invalid"),
        refused("[1:2:3:4:5:6:7:8:9]:443", "egress_ipv6_invalid"),
        refused("[1:2:3:4:5:6:7]:443", "egress_ipv6_invalid"),
        refused("[1:2:3:4:5:6:7:8::]:443", "egress_ipv6_invalid"),
        refused("[fe80::1%eth0]:443", "egress_ipv6_invalid"),
        refused("[]:443", "egress_ipv6_invalid"),
        refused("[::ffff:300.1.1.1]:443", "egress_ipv6_invalid"),
        refused("*:443", "egress_wildcard_invalid"),
        refused("*.com:443", "egress_wildcard_invalid"),
        refused("api.*.example.com:443", "egress_wildcard_invalid"),
        refused("*.*.example.com:443", "egress_wildcard_invalid"),
        refused("**.example.com:443", "egress_wildcard_invalid"),
        refused("*.10.0.0.1:443", "egress_wildcard_invalid"),
        refused("*api.example.com:443", "egress_wildcard_invalid"));
  }

  private static Arguments refused(String text, String code) {
    return Arguments.of(text, code);
  }
}
