package ai.tyrum.gateway.core.mcp.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginsTest {

  @Test
  void requestWithoutOriginComesFromNoPageAndPasses() {
    assertThat(Origins.allowed(Optional.empty(), "127.0.0.1", 8788)).isTrue();
  }

  @Test
  void gatewaysOwnOriginPassesUnderEveryLoopbackName() {
    assertThat(Origins.allowed(Optional.of("http://127.0.0.1:8788"), "127.0.0.1", 8788)).isTrue();
    assertThat(Origins.allowed(Optional.of("http://localhost:8788"), "127.0.0.1", 8788)).isTrue();
    assertThat(Origins.allowed(Optional.of("http://[::1]:8788"), "0:0:0:0:0:0:0:1", 8788)).isTrue();
  }

  @Test
  void addressTheRequestReachedPasses() {
    assertThat(Origins.allowed(Optional.of("http://192.168.1.20:8788"), "192.168.1.20", 8788)).isTrue();
  }

  @Test
  void reboundNameIsRefusedThoughItResolvesToLoopback() {
    assertThat(Origins.allowed(Optional.of("http://attacker.example:8788"), "127.0.0.1", 8788)).isFalse();
  }

  @Test
  void anotherPortIsAnotherOrigin() {
    assertThat(Origins.allowed(Optional.of("http://127.0.0.1:3000"), "127.0.0.1", 8788)).isFalse();
    assertThat(Origins.allowed(Optional.of("http://127.0.0.1"), "127.0.0.1", 8788)).isFalse();
  }

  @Test
  void originThatIsNotSchemeHostPortIsRefused() {
    assertThat(Origins.allowed(Optional.of("null"), "127.0.0.1", 8788)).isFalse();
    assertThat(Origins.allowed(Optional.of("file://127.0.0.1:8788"), "127.0.0.1", 8788)).isFalse();
    assertThat(Origins.allowed(Optional.of("http://127.0.0.1:8788/page"), "127.0.0.1", 8788)).isFalse();
    assertThat(Origins.allowed(Optional.of("http://user@127.0.0.1:8788"), "127.0.0.1", 8788)).isFalse();
    assertThat(Origins.allowed(Optional.of("http://127.0.0.1:8788 x"), "127.0.0.1", 8788)).isFalse();
  }
}
