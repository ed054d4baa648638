package ai.tyrum.gateway.lib.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.spi.EgressClass;
import ai.tyrum.gateway.spi.EgressEndpoint;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EgressEndpointsTest {

  private static List<EgressEndpoint> list(String... texts) {
    return Arrays.stream(texts).map(EgressEndpoints::parse).toList();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "api.example.com:443, api.example.com:443",
    "API.Example.COM:443, api.example.com:443",
    "localhost:8080, localhost:8080",
    "xn--bcher-kva.example:443, xn--bcher-kva.example:443",
    "*.example.com:443, *.example.com:443",
    "*.Example.com:80, *.example.com:80",
    "192.0.2.10:8080, 192.0.2.10:8080",
    "0.0.0.0:1, 0.0.0.0:1",
    "255.255.255.255:65535, 255.255.255.255:65535",
    "[2001:DB8::1]:443, [2001:db8::1]:443",
    "[2001:0db8:0000:0000:0000:0000:0000:0001]:443, [2001:db8::1]:443",
    "[::1]:8443, [::1]:8443",
    "[::]:80, [::]:80",
    "[2001:db8:0:0:1:0:0:1]:443, [2001:db8::1:0:0:1]:443",
    "[2001:db8:0:1:1:1:1:1]:443, [2001:db8:0:1:1:1:1:1]:443",
    "[1:2:3:4:5:6:7::]:443, [1:2:3:4:5:6:7:0]:443",
    "[::ffff:192.0.2.1]:443, [::ffff:192.0.2.1]:443",
    "[::FFFF:c000:0201]:443, [::ffff:192.0.2.1]:443",
  })
  void validEndpointTakesItsCanonicalForm(String text, String canonical) {
    EgressEndpoint endpoint = EgressEndpoints.parse(text);
    assertThat(endpoint.toString()).isEqualTo(canonical);
    assertThat(EgressEndpoints.parse(endpoint.toString())).as("the canonical form reads back the same").isEqualTo(endpoint);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("ai.tyrum.gateway.lib.egress.RefusedEndpoints#cases")
  void invalidEndpointIsRefusedWithItsCode(String text, String code) {
    assertThatThrownBy(() -> EgressEndpoints.parse(text))
        .isInstanceOfSatisfying(InvalidEgressException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void overlongTextIsRefusedBeforeItIsRead() {
    assertThatThrownBy(() -> EgressEndpoints.parse("a".repeat(400) + ":443"))
        .isInstanceOfSatisfying(InvalidEgressException.class, e -> assertThat(e.code()).isEqualTo("egress_endpoint_malformed"));
  }

  @Test
  void refusalSaysHowToWriteAnEndpoint() {
    assertThatThrownBy(() -> EgressEndpoints.parse("api.example.com")).hasMessageContaining("write host:port, such as api.example.com:443");
    assertThatThrownBy(() -> EgressEndpoints.parse("2001:db8::1:443")).hasMessageContaining("in brackets");
    assertThatThrownBy(() -> EgressEndpoints.parse("*.com:443")).hasMessageContaining("at least two labels");
  }

  @ParameterizedTest(name = "{0} matches {1}:{2} = {3}")
  @CsvSource({
    "api.example.com:443, api.example.com, 443, true",
    "api.example.com:443, API.EXAMPLE.COM, 443, true",
    "api.example.com:443, api.example.com, 80, false",
    "api.example.com:443, www.example.com, 443, false",
    "*.example.com:443, api.example.com, 443, true",
    "*.example.com:443, a.b.example.com, 443, true",
    "*.example.com:443, example.com, 443, false",
    "*.example.com:443, badexample.com, 443, false",
    "*.example.com:443, .example.com, 443, false",
    "*.example.com:443, a..example.com, 443, false",
    "*.example.com:443, example.com.evil.org, 443, false",
    "*.example.com:443, api.example.com, 444, false",
    "192.0.2.10:80, 192.0.2.10, 80, true",
    "192.0.2.10:80, 192.0.2.1, 80, false",
    "[2001:db8::1]:443, [2001:db8::1], 443, true",
    "[2001:db8::1]:443, [2001:0db8::1], 443, false",
  })
  void endpointMatchesOnlyTheConnectionsItNames(String endpoint, String host, int port, boolean matches) {
    assertThat(EgressEndpoints.parse(endpoint).matches(host, port)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0} covers {1} = {2}")
  @CsvSource({
    "api.example.com:443, api.example.com:443, true",
    "api.example.com:443, api.example.com:80, false",
    "api.example.com:443, *.api.example.com:443, false",
    "*.example.com:443, api.example.com:443, true",
    "*.example.com:443, *.example.com:443, true",
    "*.example.com:443, *.api.example.com:443, true",
    "*.api.example.com:443, *.example.com:443, false",
    "*.example.com:443, example.com:443, false",
    "*.example.com:443, *.badexample.com:443, false",
    "*.example.com:443, api.example.com:80, false",
  })
  void coversMeansEveryConnectionOfTheInnerIsAllowedByTheOuter(String outer, String inner, boolean covers) {
    assertThat(EgressEndpoints.covers(EgressEndpoints.parse(outer), EgressEndpoints.parse(inner))).isEqualTo(covers);
  }

  @Test
  void intersectionKeepsWhatEachSideHasInsideTheOther() {
    assertThat(EgressEndpoints.intersect(list("a.example.com:443", "b.example.com:443"), list("b.example.com:443", "c.example.com:443")))
        .containsExactlyElementsOf(list("b.example.com:443"));
    assertThat(EgressEndpoints.intersect(list("*.example.com:443", "10.0.0.1:80"), list("api.example.com:443", "*.cdn.example.com:443", "10.0.0.2:80")))
        .containsExactlyElementsOf(list("*.cdn.example.com:443", "api.example.com:443"));
    assertThat(EgressEndpoints.intersect(list("api.example.com:443"), list("*.example.com:443")))
        .containsExactlyElementsOf(list("api.example.com:443"));
    assertThat(EgressEndpoints.intersect(list("api.example.com:443"), list())).isEmpty();
    assertThat(EgressEndpoints.intersect(list("api.example.com:443"), list("api.example.com:80"))).isEmpty();
  }

  @Test
  void canonicalListIsSortedWithoutDuplicates() {
    assertThat(EgressEndpoints.canonical(list("b.example.com:443", "A.example.com:443", "a.example.com:443")))
        .extracting(EgressEndpoint::toString)
        .containsExactly("a.example.com:443", "b.example.com:443");
  }

  @Test
  void classPermitsAConnectionOneOfItsEndpointsMatches() {
    EgressClass weather = new EgressClass("weather", list("api.weather.example:443", "*.tiles.example:443"), "s");
    assertThat(weather.permits("api.weather.example", 443)).isTrue();
    assertThat(weather.permits("eu.tiles.example", 443)).isTrue();
    assertThat(weather.permits("tiles.example", 443)).isFalse();
    assertThat(new EgressClass("none", List.of(), "s").permits("api.weather.example", 443)).isFalse();
  }

  @Test
  void classNameIsLowerCaseWithDigitsUnderscoreAndHyphen() {
    assertThat(EgressEndpoints.CLASS_NAME.matcher("weather-api_v2").matches()).isTrue();
    assertThat(EgressEndpoints.CLASS_NAME.matcher("w".repeat(63)).matches()).isTrue();
    for (String bad : new String[] {"", "Weather", "1weather", "-w", "w".repeat(64), "w.x", "w x"}) {
      assertThat(EgressEndpoints.CLASS_NAME.matcher(bad).matches()).as(bad).isFalse();
    }
  }
}
