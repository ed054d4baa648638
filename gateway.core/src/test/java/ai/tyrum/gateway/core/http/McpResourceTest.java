package ai.tyrum.gateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.token.Token;
import ai.tyrum.gateway.core.token.TokenRefusals;
import ai.tyrum.gateway.spi.GatewayException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class McpResourceTest {

  private static final Token BOUND = new Token("agent-a-token", Set.of(Token.TOOLS_INVOKE), Optional.of("agent-a"));
  private static final Token UNBOUND = new Token("shared-token", Set.of(Token.TOOLS_INVOKE), Optional.empty());

  private final List<String> refused = new ArrayList<>();
  private final McpResource resource = new McpResource();

  McpResourceTest() {
    resource.refusals = new TokenRefusals((type, payload) -> {
      refused.add(type + " " + payload.get("id") + " " + payload.get("code") + " " + payload.get("path"));
      return 1;
    });
  }

  @Test
  void tokenBoundToAnAgentActsAsThatAgent() {
    McpResource.Caller caller = resource.caller(admitted(BOUND, Map.of()));

    assertThat(caller).isEqualTo(new McpResource.Caller("agent-a-token", "agent-a"));
    assertThat(caller.actor()).isEqualTo("token:agent-a-token");
  }

  @Test
  void boundTokenNamingItsOwnAgentIsAdmitted() {
    assertThat(resource.caller(admitted(BOUND, Map.of("agent", "agent-a"))).agent()).isEqualTo("agent-a");
  }

  @Test
  void boundTokenNamingAnotherAgentIsRefusedAndPutOnRecord() {
    assertThatThrownBy(() -> resource.caller(admitted(BOUND, Map.of("agent", "agent-b"))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.code()).isEqualTo("agent_mismatch");
        });
    assertThat(refused).singleElement().asString().startsWith("token.refused agent-a-token agent_mismatch");
  }

  @Test
  void unboundTokenActsAsTheAgentItNamesElseDefault() {
    assertThat(resource.caller(admitted(UNBOUND, Map.of("agent", "agent-b"))).agent()).isEqualTo("agent-b");
    assertThat(resource.caller(admitted(UNBOUND, Map.of())).agent()).isEqualTo("default");
  }

  @Test
  void agentThatIsNotAnAgentIdIsRefused() {
    assertThatThrownBy(() -> resource.caller(admitted(UNBOUND, Map.of("agent", "../etc"))))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("invalid_agent"));
  }

  @Test
  void requestThatDidNotPassTheContextIsAGatewayFaultNotAnAgent() {
    assertThatThrownBy(() -> resource.caller(FakeHttp.request("POST", "/mcp", Map.of())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theRouteNeedsToolsInvoke() {
    assertThat(resource.routes()).singleElement().satisfies(route -> {
      assertThat(route.toString()).isEqualTo("* /mcp");
      assertThat(route.access()).isEqualTo(Access.TOOLS_INVOKE);
    });
  }

  @Test
  void theRouteAloneAnswersThatTheEndpointIsNotRunning() {
    Route route = resource.routes().get(0);
    Call call = new Call(FakeHttp.request("POST", "/mcp", Map.of()), new RouteMatch(route, Map.of()), Optional.of(BOUND));

    assertThatThrownBy(() -> route.handler().handle(call))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("mcp_unavailable");
        });
  }

  /** A POST to /mcp that the context admitted with {@code token}, with {@code query} parameters. */
  private HttpServletRequest admitted(Token token, Map<String, String> query) {
    HttpServletRequest plain = FakeHttp.request("POST", "/mcp", Map.of());
    HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (proxy, called, args) -> called.getName().equals("getParameterMap")
            ? query.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new String[] {e.getValue()}))
            : called.invoke(plain, args));
    Route route = resource.routes().get(0);
    request.setAttribute(Call.ATTRIBUTE, new Call(request, new RouteMatch(route, Map.of()), Optional.of(token)));
    return request;
  }
}
