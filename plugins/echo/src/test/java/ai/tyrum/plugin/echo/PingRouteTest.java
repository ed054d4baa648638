package ai.tyrum.plugin.echo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.RouteRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PingRouteTest {

  @Test
  void pingAnswersOk() {
    var response = new PingRoute().handle(new RouteRequest("GET", "ping", Map.of(), Map.of()));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Map.of("ok", true));
  }
}
