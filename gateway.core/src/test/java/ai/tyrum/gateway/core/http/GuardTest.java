package ai.tyrum.gateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.core.token.Token;
import ai.tyrum.gateway.spi.GatewayException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardTest {

  private static final Token READER = new Token("reader", Set.of(Token.OPERATOR_READ));
  private static final Token WRITER = new Token("writer", Set.of(Token.OPERATOR_WRITE));
  private static final Token ADMIN = new Token("admin", Set.of(Token.ADMIN));
  private static final Map<String, Token> TOKENS = Map.of("tyr_read", READER, "tyr_write", WRITER, "tyr_admin", ADMIN);

  private static final Handler NOTHING = call -> Reply.ok(Map.of());

  /** Like a plugin route: the scope comes from what the route serves, found per request. */
  private static final Access.ScopeLookup DECLARED = (match, request) -> {
    if (!match.param("path").equals("secret")) {
      throw new ApiError(404, "unknown_route", "no route " + match.param("path"));
    }
    request.setAttribute("found", match.param("path"));
    return Token.ADMIN;
  };

  private final Routes routes =
      Routes.of(List.of(
          Route.get("/healthz", Access.PUBLIC, NOTHING),
          Route.get("/status", Access.OPERATOR_READ, NOTHING),
          Route.post("/approvals/{id}/approve", Access.OPERATOR_WRITE, NOTHING),
          Route.any("/plugins/{id}/rpc/{path+}", Access.declaredBy(DECLARED), NOTHING)));

  private final Guard guard = new Guard(() -> routes, presented -> Optional.ofNullable(TOKENS.get(presented)));

  @Test
  void requestWithoutTokenIsUnauthenticated() {
    assertRefused(request("GET", "/status", Map.of()), 401, "unauthenticated");
  }

  @Test
  void requestWithAnotherSchemeThanBearerIsUnauthenticated() {
    assertRefused(request("GET", "/status", Map.of("Authorization", "Basic dHlyX3JlYWQ=")), 401, "unauthenticated");
  }

  @Test
  void requestWithUnknownTokenIsUnauthenticated() {
    assertRefused(request("GET", "/status", bearer("tyr_forged")), 401, "unauthenticated");
  }

  @Test
  void tokenWithoutTheRouteScopeIsForbiddenAndTheScopeIsNamed() {
    GatewayException refusal = assertRefused(request("POST", "/approvals/apr_1/approve", bearer("tyr_read")), 403, "forbidden_scope");

    assertThat(refusal.details()).containsExactly(Token.OPERATOR_WRITE);
  }

  @Test
  void tokenWithTheRouteScopeIsAdmittedWithItsTokenAndPathValues() {
    Call call = guard.admit(request("POST", "/approvals/apr_1/approve", Map.of("authorization", "bearer  tyr_write ")));

    assertThat(call.token()).contains(WRITER);
    assertThat(call.param("id")).isEqualTo("apr_1");
    assertThat(call.actor()).isEqualTo("token:writer");
  }

  @Test
  void writingScopeImpliesReading() {
    assertThat(guard.admit(request("GET", "/status", bearer("tyr_write"))).token()).contains(WRITER);
  }

  @Test
  void publicRouteNeedsNoTokenAndIgnoresABadOne() {
    assertThat(guard.admit(request("GET", "/healthz", Map.of())).token()).isEmpty();
    assertThat(guard.admit(request("GET", "/healthz", bearer("tyr_forged"))).token()).isEmpty();
  }

  @Test
  void declaredScopeIsCheckedAfterTheTokenAndPinsWhatItFound() {
    assertRefused(request("GET", "/plugins/echo/rpc/secret", Map.of()), 401, "unauthenticated");
    assertRefused(request("GET", "/plugins/echo/rpc/secret", bearer("tyr_read")), 403, "forbidden_scope");
    assertRefused(request("GET", "/plugins/echo/rpc/nothing", bearer("tyr_admin")), 404, "unknown_route");

    HttpServletRequest request = request("GET", "/plugins/echo/rpc/secret", bearer("tyr_admin"));
    assertThat(guard.admit(request).token()).contains(ADMIN);
    assertThat(request.getAttribute("found")).isEqualTo("secret");
  }

  @Test
  void unknownPathIsNotFoundAndWrongMethodNotAllowedBeforeAnyToken() {
    assertRefused(request("GET", "/nowhere", Map.of()), 404, "not_found");
    GatewayException wrongMethod = assertRefused(request("DELETE", "/status", Map.of()), 405, "method_not_allowed");

    assertThat(((MethodNotAllowed) wrongMethod).allowed()).containsExactly("GET");
  }

  private GatewayException assertRefused(HttpServletRequest request, int status, String code) {
    try {
      guard.admit(request);
    } catch (GatewayException refusal) {
      assertThat(refusal.status()).isEqualTo(status);
      assertThat(refusal.code()).isEqualTo(code);
      return refusal;
    }
    throw new AssertionError(request + " was admitted");
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static HttpServletRequest request(String method, String path, Map<String, String> headers) {
    return FakeHttp.request(method, path, headers);
  }
}
