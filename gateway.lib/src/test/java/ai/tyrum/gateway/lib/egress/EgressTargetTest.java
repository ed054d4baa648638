package ai.tyrum.gateway.lib.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.spi.EgressEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressTargetTest {

  @Test
  void classTargetNamesItsClass() {
    assertThat(EgressTarget.parse("class:internal_db")).isEqualTo(new EgressTarget.ClassName("internal_db"));
    assertThat(EgressTarget.parse("class:weather-api")).hasToString("class:weather-api");
  }

  @Test
  void endpointTargetTakesTheEndpointsCanonicalForm() {
    assertThat(EgressTarget.parse("API.Example.com:443")).isEqualTo(new EgressTarget.Endpoint(new EgressEndpoint("api.example.com", 443)));
    assertThat(EgressTarget.parse("*.example.com:443")).hasToString("*.example.com:443");
    assertThat(EgressTarget.parse("[2001:0db8::0001]:443")).hasToString("[2001:db8::1]:443");
  }

  @ParameterizedTest
  @ValueSource(strings = {"class:", "class:Internal", "class:1db", "class:-db", "class:internal.db", "class:internal db",
      "class:*", "class:internal_db:5432", "class:class:db"})
  void classTargetWhoseNameBreaksTheGrammarIsRefused(String target) {
    assertThatThrownBy(() -> EgressTarget.parse(target))
        .isInstanceOfSatisfying(InvalidEgressException.class, e -> assertThat(e.code()).isEqualTo("egress_class_name_invalid"))
        .hasMessageEndingWith("; " + EgressTarget.HOW);
  }

  @Test
  void endpointRefusalKeepsTheParsersCodeAndReasonAndSaysAClassIsValidToo() {
    assertThatThrownBy(() -> EgressTarget.parse("api.example.com"))
        .isInstanceOfSatisfying(InvalidEgressException.class, e -> assertThat(e.code()).isEqualTo("egress_endpoint_malformed"))
        .hasMessage("\"api.example.com\" has no port; " + EgressTarget.HOW);
    assertThatThrownBy(() -> EgressTarget.parse("api.example.com:0"))
        .hasMessage("\"api.example.com:0\": port 0 is not between 1 and 65535; " + EgressTarget.HOW);
  }

  @Test
  void classNameOfSixtyThreeCharactersIsTheLongest() {
    assertThat(EgressTarget.parse("class:" + "d".repeat(63))).isInstanceOf(EgressTarget.ClassName.class);
    assertThatThrownBy(() -> EgressTarget.parse("class:" + "d".repeat(64))).isInstanceOf(InvalidEgressException.class);
  }

  @Test
  void prefixIsCaseSensitiveSoAnotherSpellingIsReadAsAnEndpointAndRefused() {
    assertThatThrownBy(() -> EgressTarget.parse("Class:db"))
        .isInstanceOfSatisfying(InvalidEgressException.class, e -> assertThat(e.code()).isEqualTo("egress_port_invalid"));
  }
}
