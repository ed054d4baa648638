package ai.tyrum.gateway.lib.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathTemplateTest {

  @Test
  void literalTemplateMatchesOnlyItsOwnPath() {
    PathTemplate status = PathTemplate.parse("/status");

    assertThat(status.match("/status")).contains(Map.of());
    assertThat(status.match("/status/")).isEmpty();
    assertThat(status.match("/statuses")).isEmpty();
    assertThat(status.match("/")).isEmpty();
  }

  @Test
  void variableTakesExactlyOneNonEmptySegment() {
    PathTemplate config = PathTemplate.parse("/plugins/{id}/config");

    assertThat(config.match("/plugins/echo/config")).contains(Map.of("id", "echo"));
    assertThat(config.match("/plugins//config")).isEmpty();
    assertThat(config.match("/plugins/a/b/config")).isEmpty();
  }

  @Test
  void restTakesTheNonEmptyRestOfThePathWithItsSlashes() {
    PathTemplate rpc = PathTemplate.parse("/plugins/{id}/rpc/{path+}");

    assertThat(rpc.match("/plugins/echo/rpc/ping")).contains(Map.of("id", "echo", "path", "ping"));
    assertThat(rpc.match("/plugins/echo/rpc/a/b/")).contains(Map.of("id", "echo", "path", "a/b/"));
    assertThat(rpc.match("/plugins/echo/rpc/")).isEmpty();
    assertThat(rpc.match("/plugins/echo/rpc")).isEmpty();
  }

  @Test
  void valuesAreNotDecodedASecondTime() {
    assertThat(PathTemplate.parse("/plugins/{id}").match("/plugins/a%25b+c")).contains(Map.of("id", "a%25b+c"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "status", "/a//b", "/{id}/{id}", "/{path+}/more", "/x{id}", "/{1st}", "/{id"})
  void malformedTemplatesAreRefused(String template) {
    assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse(template));
  }

  @Test
  void literalSegmentsAreMoreSpecificThanVariablesAndVariablesThanTheRest() {
    List<PathTemplate> templates =
        new ArrayList<>(List.of(
            PathTemplate.parse("/plugins/{id}/rpc/{path+}"),
            PathTemplate.parse("/plugins/{id}"),
            PathTemplate.parse("/plugins/{id}/config/schema"),
            PathTemplate.parse("/plugins/install")));

    templates.sort(PathTemplate::bySpecificity);

    assertThat(templates).extracting(PathTemplate::text)
        .containsExactly("/plugins/install", "/plugins/{id}/config/schema", "/plugins/{id}/rpc/{path+}", "/plugins/{id}");
  }
}
