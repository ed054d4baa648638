package ai.tyrum.gateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.token.Token;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentsTest {

  private static final Token UNBOUND = new Token("free", Set.of(Token.TOOLS_INVOKE));
  private static final Token OPS = new Token("ops1", Set.of(Token.TOOLS_INVOKE), Optional.of("ops"));

  private final Routes routes = Routes.of(List.of(Route.post("/commands/execute", Access.TOOLS_INVOKE, call -> Reply.ok(Map.of()))));
  private final Guard guard = new Guard(() -> routes, presented -> switch (presented) {
    case "tyr_free" -> Optional.of(UNBOUND);
    case "tyr_ops" -> Optional.of(OPS);
    default -> Optional.empty();
  });

  private Call call(String token) {
    return guard.admit(FakeHttp.request("POST", "/commands/execute", Map.of("Authorization", "Bearer " + token)));
  }

  @Test
  void anUnboundTokenActsAsTheAgentTheRequestNamesOrTheDefault() {
    assertThat(Agents.of(call("tyr_free"), Optional.of("ops"))).isEqualTo("ops");
    assertThat(Agents.of(call("tyr_free"), Optional.empty())).isEqualTo("default");
    assertThat(Agents.of(call("tyr_free"), Optional.of(" "))).isEqualTo("default");
  }

  @Test
  void aBoundTokenNamingNoAgentActsAsItsAgent() {
    assertThat(Agents.of(call("tyr_ops"), Optional.empty())).isEqualTo("ops");
    assertThat(Agents.of(call("tyr_ops"), Optional.of("ops"))).isEqualTo("ops");
  }

  @Test
  void aBoundTokenNamingAnotherAgentIsAgentMismatchNamingBoth() {
    assertThatThrownBy(() -> Agents.of(call("tyr_ops"), Optional.of("default")))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.code()).isEqualTo("agent_mismatch");
          assertThat(e.details()).singleElement().asString().startsWith("agent").contains("ops").contains("default");
        });
  }

  @Test
  void anAgentThatIsNotAnAgentIdIsInvalidWhateverTheToken() {
    for (String token : List.of("tyr_free", "tyr_ops")) {
      assertThatThrownBy(() -> Agents.of(call(token), Optional.of("../x")))
          .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("invalid_agent"));
    }
  }
}
