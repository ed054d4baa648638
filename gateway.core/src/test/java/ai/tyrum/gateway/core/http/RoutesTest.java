package ai.tyrum.gateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {

  private static final Handler NOTHING = call -> Reply.ok(Map.of());

  private final Route install = Route.post("/plugins/install", Access.OPERATOR_WRITE, NOTHING);
  private final Route detail = Route.get("/plugins/{id}", Access.OPERATOR_READ, NOTHING);
  private final Route rpc = Route.any("/plugins/{id}/rpc/{path+}", Access.declaredBy((m, r) -> "x"), NOTHING);
  private final Routes routes = Routes.of(List.of(detail, rpc, install));

  @Test
  void mostSpecificTemplateAnswers() {
    assertThat(routes.match("POST", "/plugins/install").route()).isEqualTo(install);
    assertThat(routes.match("GET", "/plugins/echo").route()).isEqualTo(detail);
    assertThat(routes.match("PATCH", "/plugins/echo/rpc/a/b").params()).isEqualTo(Map.of("id", "echo", "path", "a/b"));
  }

  @Test
  void methodTheMostSpecificTemplateDoesNotAnswerIsNotAllowedEvenIfALooserOneWould() {
    assertThatThrownBy(() -> routes.match("GET", "/plugins/install"))
        .isInstanceOfSatisfying(MethodNotAllowed.class, e -> assertThat(e.allowed()).containsExactly("POST"));
  }

  @Test
  void pathNoTemplateMatchesIsNotFound() {
    assertThatThrownBy(() -> routes.match("GET", "/ping"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.code()).isEqualTo("not_found");
        });
  }

  @Test
  void twoRoutesForOneMethodAndTemplateAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> routes.with(List.of(Route.get("/plugins/{id}", Access.PUBLIC, NOTHING))))
        .withMessageContaining("GET /plugins/{id}");
  }

  @Test
  void anyMethodRouteSharesItsTemplateWithNoOther() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> routes.with(List.of(Route.get("/plugins/{id}/rpc/{path+}", Access.OPERATOR_READ, NOTHING))));
  }
}
