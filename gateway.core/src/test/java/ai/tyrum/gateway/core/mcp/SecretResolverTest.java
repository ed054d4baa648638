package ai.tyrum.gateway.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretResolverTest {

  private final List<String> refused = new ArrayList<>();
  private final Map<String, String> stored = Map.of("own/token", "s3cret", "own/other", "x");

  private SecretResolver resolver(Set<String> granted) {
    return new SecretResolver(granted::contains, (scope, name) -> Optional.ofNullable(stored.get(scope + "/" + name)), refused::add);
  }

  @Test
  void resolvesReferencesOfAGrantedScopeAndRemembersTheValuesForRedaction() {
    SecretResolver resolver = resolver(Set.of("own"));

    assertThat(resolver.resolve(Map.of("TOKEN", "Bearer ${secret:own/token}", "PLAIN", "hello")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("TOKEN", "Bearer s3cret", "PLAIN", "hello"));
    assertThat(resolver.revealed()).containsExactly("s3cret");
    assertThat(refused).isEmpty();
  }

  @Test
  void aScopeNotGrantedIsRefusedAndRecordedBeforeAnyValueIsRead() {
    SecretResolver resolver = resolver(Set.of("own"));

    assertThatThrownBy(() -> resolver.resolve(Map.of("A", "${secret:own/token}", "B", "${secret:else/token}")))
        .isInstanceOfSatisfying(McpStartException.class, e -> assertThat(e.code()).isEqualTo("secret_not_granted"))
        .hasMessageContaining("${secret:else/token}");
    assertThat(refused).containsExactly("else");
    assertThat(resolver.revealed()).isEmpty();
  }

  @Test
  void aSecretThatIsNotSetIsMissingAndNamesHowToSetIt() {
    assertThatThrownBy(() -> resolver(Set.of("own")).resolve(Map.of("A", "${secret:own/absent}")))
        .isInstanceOfSatisfying(McpStartException.class, e -> assertThat(e.code()).isEqualTo("secret_missing"))
        .hasMessageContaining("secret:set own absent");
    assertThat(refused).isEmpty();
  }
}
