package ai.tyrum.gateway.itest.token;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.GatewayHttp;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.itest.ShellResult;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tokens through the real HTTP API and the real shell: created, listed without the token, revoked,
 * bound to one agent, and audited by id.
 */
class TokensIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        .plugin("echo")
        .plugin("notes")
        .dataFile("policy/agents/ops.yml", "tools:\n  allow: [plugin.notes.add_note]\n")
        .start();
    gateway.awaitPluginState("echo", "loaded");
    gateway.awaitPluginState("notes", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void postTokensAnswersTheTokenOnceAndNothingListsIt() {
    JsonNode created = gateway.http()
        .post("/tokens", "{\"scopes\":[\"tools.invoke\",\"operator.read\"],\"agent\":\"ops\",\"expires\":\"7d\",\"name\":\"ci-ops\"}")
        .assertStatus(201).json();
    String token = created.path("token").asString();
    String id = created.path("id").asString();

    assertThat(token).startsWith("tyr_");
    assertThat(created.path("name").asString()).isEqualTo("ci-ops");
    assertThat(created.path("agent").asString()).isEqualTo("ops");
    assertThat(created.path("scopes").toString()).isEqualTo("[\"operator.read\",\"tools.invoke\"]");
    assertThat(created.path("expires_at").asString()).isNotEmpty();
    assertThat(created.path("state").asString()).isEqualTo("active");

    HttpResult listed = gateway.http().get("/tokens").assertStatus(200);
    assertThat(listed.body()).doesNotContain(token).doesNotContain(token.substring(4)).doesNotContain("sha256");
    JsonNode entry = entry(listed.json(), id);
    assertThat(entry.has("token")).isFalse();
    assertThat(entry.path("state").asString()).isEqualTo("active");
    assertThat(gateway.shell().run("token:list").assertSucceeded().console()).contains(id).contains("ci-ops").doesNotContain(token);
    assertThat(gateway.shell().run("token:list --json").assertSucceeded().console()).contains(id).doesNotContain(token);
  }

  @Test
  void postTokensRefusesABadBodyNamingTheFieldAndCreatesNothing() {
    int before = gateway.http().get("/tokens").json().path("tokens").size();

    HttpResult scope = gateway.http().post("/tokens", "{\"scopes\":[\"operator.read\",\"root\"]}").assertStatus(400);
    assertThat(scope.errorCode()).isEqualTo("invalid_scope");
    assertThat(scope.json().path("error").path("details").toString()).isEqualTo("[\"/scopes/1\"]");
    assertThat(scope.json().path("error").path("message").asString()).contains("root");
    assertThat(gateway.http().post("/tokens", "{}").assertStatus(400).errorCode()).isEqualTo("invalid_scope");
    assertThat(gateway.http().post("/tokens", "{\"scopes\":[\"tools.invoke\"],\"agent\":\"../x\"}").assertStatus(400).errorCode())
        .isEqualTo("invalid_agent");
    for (String expires : List.of("0m", "soon", "-1d", "PT0S")) {
      HttpResult refused = gateway.http().post("/tokens", "{\"scopes\":[\"tools.invoke\"],\"expires\":\"" + expires + "\"}").assertStatus(400);
      assertThat(refused.errorCode()).as(expires).isEqualTo("invalid_expires");
      assertThat(refused.json().path("error").path("details").toString()).isEqualTo("[\"/expires\"]");
    }
    HttpResult unknown = gateway.http().post("/tokens", "{\"scopes\":[\"tools.invoke\"],\"owner\":\"me\"}").assertStatus(400);
    assertThat(unknown.errorCode()).isEqualTo("invalid_request");
    assertThat(unknown.json().path("error").path("details").toString()).isEqualTo("[\"/owner\"]");
    gateway.http().post("/tokens", "{\"scopes\":[\"tools.invoke\"],\"name\":\"twice\"}").assertStatus(201);
    HttpResult taken = gateway.http().post("/tokens", "{\"scopes\":[\"tools.invoke\"],\"name\":\"twice\"}").assertStatus(400);
    assertThat(taken.errorCode()).isEqualTo("token_name_taken");

    assertThat(gateway.http().get("/tokens").json().path("tokens").size()).isEqualTo(before + 1);
    assertThat(gateway.http().delete("/tokens/nope").assertStatus(404).errorCode()).isEqualTo("unknown_token");
  }

  @Test
  void aTokenCannotCreateATokenBeyondItsOwnReach() {
    GatewayHttp operatorAdmin = gateway.http().withToken(create("{\"scopes\":[\"operator.admin\"]}").token());
    HttpResult admin = operatorAdmin.post("/tokens", "{\"scopes\":[\"operator.read\",\"admin\"]}").assertStatus(403);
    assertThat(admin.errorCode()).isEqualTo("forbidden_scope");
    assertThat(admin.json().path("error").path("details").toString()).isEqualTo("[\"/scopes/1\"]");
    operatorAdmin.post("/tokens", "{\"scopes\":[\"tools.invoke\"]}").assertStatus(201);

    GatewayHttp boundAdmin = gateway.http().withToken(create("{\"scopes\":[\"operator.admin\"],\"agent\":\"ops\"}").token());
    assertThat(boundAdmin.post("/tokens", "{\"scopes\":[\"tools.invoke\"]}").assertStatus(201).json().path("agent").asString())
        .isEqualTo("ops");
    assertThat(boundAdmin.post("/tokens", "{\"scopes\":[\"tools.invoke\"],\"agent\":\"default\"}").assertStatus(403).errorCode())
        .isEqualTo("agent_mismatch");
  }

  @Test
  void aTokenBoundToAnAgentListsAndRevokesOnlyThatAgentsTokens() {
    GatewayHttp boundAdmin = gateway.http().withToken(create("{\"scopes\":[\"operator.admin\"],\"agent\":\"ops\"}").token());
    Created opsToken = create("{\"scopes\":[\"tools.invoke\"],\"agent\":\"ops\"}");
    Created other = create("{\"scopes\":[\"tools.invoke\"],\"agent\":\"default\"}");
    Created unbound = create("{\"scopes\":[\"operator.read\"]}");

    String listed = boundAdmin.get("/tokens").assertStatus(200).json().path("tokens").toString();
    assertThat(listed).contains(opsToken.id()).doesNotContain(other.id()).doesNotContain(unbound.id()).doesNotContain("bootstrap");

    for (Created foreign : List.of(other, unbound)) {
      HttpResult refused = boundAdmin.delete("/tokens/" + foreign.id()).assertStatus(403);
      assertThat(refused.errorCode()).isEqualTo("agent_mismatch");
      assertThat(entry(gateway.http().get("/tokens").json(), foreign.id()).path("state").asString()).isEqualTo("active");
    }
    assertThat(boundAdmin.delete("/tokens/bootstrap").assertStatus(403).errorCode()).isEqualTo("agent_mismatch");
    assertThat(boundAdmin.delete("/tokens/" + opsToken.id()).assertStatus(200).json().path("state").asString()).isEqualTo("revoked");
  }

  @Test
  void aTokenBoundToAnAgentNamingAnotherIsAgentMismatchOnEveryRouteThatNamesOne() {
    GatewayHttp ops = gateway.http().withToken(create("{\"scopes\":[\"tools.invoke\",\"operator.read\"],\"agent\":\"ops\"}").token());

    List<HttpResult> refused = List.of(
        ops.get("/tools?agent=default"),
        ops.post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}"),
        ops.post("/commands/execute", "{\"agent\":\"default\",\"text\":\"/echo hi\"}"));

    assertThat(refused).allSatisfy(result -> {
      assertThat(result.status()).as(result.path()).isEqualTo(403);
      assertThat(result.errorCode()).as(result.path()).isEqualTo("agent_mismatch");
      assertThat(result.json().path("error").path("details").get(0).asString()).startsWith("agent").contains("ops").contains("default");
    });
  }

  @Test
  void aTokenBoundToAnAgentNamingNoneActsAsItsAgentUnderItsAllowlist() {
    Created bound = create("{\"scopes\":[\"tools.invoke\",\"operator.read\"],\"agent\":\"ops\"}");
    GatewayHttp ops = gateway.http().withToken(bound.token());
    long seq = lastSeq();

    JsonNode tools = ops.get("/tools").assertStatus(200).json();
    assertThat(tools.path("agent").asString()).isEqualTo("ops");
    assertThat(exposed(tools, "plugin.notes.add_note")).isTrue();
    assertThat(exposed(gateway.http().get("/tools").json(), "plugin.notes.add_note")).isFalse();
    assertThat(ops.get("/tools?agent=ops").assertStatus(200).json().path("agent").asString()).isEqualTo("ops");
    assertThat(ops.post("/commands/execute", "{\"text\":\"/echo hi\"}").assertStatus(200).json().path("output").asString())
        .isEqualTo("hi");
    ops.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"hi\"}}").assertStatus(200);

    JsonNode invoked = events(seq, "plugin_tool.invoked").get(0).path("payload");
    assertThat(invoked.path("agent").asString()).isEqualTo("ops");
    assertThat(invoked.path("actor").asString()).isEqualTo("token:" + bound.id());
    JsonNode executed = events(seq, "plugin_command.executed").get(0).path("payload");
    assertThat(executed.path("agent").asString()).isEqualTo("ops");
    assertThat(executed.path("actor").asString()).isEqualTo("token:" + bound.id());
  }

  @Test
  void aRevokedTokenIsTokenRevokedStaysListedAndEachStepIsAuditedById() {
    long seq = lastSeq();
    Created created = create("{\"scopes\":[\"operator.read\"],\"name\":\"short-lived\"}");
    GatewayHttp holder = gateway.http().withToken(created.token());
    holder.get("/status").assertStatus(200);

    JsonNode revoked = gateway.http().delete("/tokens/" + created.id()).assertStatus(200).json();
    assertThat(revoked.path("state").asString()).isEqualTo("revoked");
    assertThat(revoked.has("token")).isFalse();
    for (int i = 0; i < 5; i++) {
      HttpResult refused = holder.get("/status").assertStatus(401);
      assertThat(refused.errorCode()).isEqualTo("token_revoked");
      assertThat(refused.body()).doesNotContain(created.token());
    }
    assertThat(gateway.http().withToken("tyr_never-issued").get("/status").assertStatus(401).errorCode()).isEqualTo("unauthenticated");
    assertThat(entry(gateway.http().get("/tokens").json(), created.id()).path("state").asString()).isEqualTo("revoked");

    JsonNode madeEvent = events(seq, "token.created").get(0).path("payload");
    assertThat(madeEvent.path("id").asString()).isEqualTo(created.id());
    assertThat(madeEvent.path("name").asString()).isEqualTo("short-lived");
    assertThat(madeEvent.path("scopes").toString()).isEqualTo("[\"operator.read\"]");
    assertThat(madeEvent.path("actor").asString()).isEqualTo("token:bootstrap");
    JsonNode revokedEvent = events(seq, "token.revoked").get(0).path("payload");
    assertThat(revokedEvent.path("id").asString()).isEqualTo(created.id());
    assertThat(revokedEvent.path("actor").asString()).isEqualTo("token:bootstrap");
    List<JsonNode> refusedEvents = events(seq, "token.refused");
    assertThat(refusedEvents).as("one record a minute for a client retrying in a loop").hasSize(1);
    assertThat(refusedEvents.get(0).path("payload").path("id").asString()).isEqualTo(created.id());
    assertThat(refusedEvents.get(0).path("payload").path("code").asString()).isEqualTo("token_revoked");
    assertThat(refusedEvents.get(0).path("payload").path("method").asString()).isEqualTo("GET");
    assertThat(refusedEvents.get(0).path("payload").path("path").asString()).isEqualTo("/status");
    assertThat(allEventsAfter(seq)).doesNotContain(created.token()).doesNotContain(created.token().substring(4));
  }

  @Test
  void anAgentMismatchIsAuditedAsTokenRefused() {
    Created bound = create("{\"scopes\":[\"tools.invoke\"],\"agent\":\"ops\"}");
    long seq = lastSeq();

    gateway.http().withToken(bound.token()).post("/commands/execute", "{\"agent\":\"other\",\"text\":\"/echo hi\"}").assertStatus(403);

    JsonNode refused = events(seq, "token.refused").get(0).path("payload");
    assertThat(refused.path("id").asString()).isEqualTo(bound.id());
    assertThat(refused.path("code").asString()).isEqualTo("agent_mismatch");
    assertThat(refused.path("path").asString()).isEqualTo("/commands/execute");
    assertThat(events(seq, "plugin_command.executed")).isEmpty();
  }

  @Test
  void theShellCreatesListsAndRevokesAndPrintsTheTokenOnlyWhenItIsCreated() {
    long seq = lastSeq();
    ShellResult made = gateway.shell().run("token:create --scope tools.invoke --scope operator.read --agent ops --expires 12h --name from-shell")
        .assertSucceeded();
    String[] lines = made.console().strip().split("\n");
    assertThat(lines[0]).matches("token [0-9a-f]{12} created for agent ops, expires .*");
    String id = lines[0].split(" ")[1];
    String token = lines[1].strip();
    assertThat(token).startsWith("tyr_");
    gateway.http().withToken(token).get("/tools").assertStatus(200);

    assertThat(gateway.shell().run("token:list").assertSucceeded().console())
        .contains(id).contains("from-shell").contains("ops").contains("active").doesNotContain(token);
    assertThat(gateway.shell().run("token:revoke " + id).assertSucceeded().console()).contains("token " + id + " revoked");
    assertThat(gateway.shell().run("token:list").console()).contains("revoked").doesNotContain(token);
    assertThat(gateway.http().withToken(token).get("/tools").assertStatus(401).errorCode()).isEqualTo("token_revoked");

    assertThat(events(seq, "token.created").get(0).path("payload").path("actor").asString()).isEqualTo("console");
    assertThat(events(seq, "token.revoked").get(0).path("payload").path("actor").asString()).isEqualTo("console");
    assertThat(allEventsAfter(seq)).doesNotContain(token);
  }

  @Test
  void theShellRefusesBadArgumentsAsErrorCodeMessage() {
    assertThat(gateway.shell().run("token:create --scope operator.read --scope wizard").assertFailed().console())
        .startsWith("error invalid_scope: 'wizard' is not a scope").contains("/scopes/1");
    assertThat(gateway.shell().run("token:create --scope operator.read --expires tomorrow").assertFailed().console())
        .startsWith("error invalid_expires:");
    assertThat(gateway.shell().run("token:create --scope tools.invoke --agent 'a b'").assertFailed().console())
        .startsWith("error invalid_agent:");
    assertThat(gateway.shell().run("token:create").assertFailed().console()).startsWith("error invalid_arguments: missing --scope");
    assertThat(gateway.shell().run("token:revoke nope").assertFailed().console()).startsWith("error unknown_token:");
    assertThat(gateway.shell().run("token:create --help").assertSucceeded().console()).contains("--scope").contains("--expires");
    assertThat(gateway.shell().run("token:list --help").assertSucceeded().console()).contains("--json");
    assertThat(gateway.shell().run("token:revoke --help").assertSucceeded().console()).contains("ID");
  }

  private record Created(String id, String token) {}

  private static Created create(String body) {
    JsonNode created = gateway.http().post("/tokens", body).assertStatus(201).json();
    return new Created(created.path("id").asString(), created.path("token").asString());
  }

  private static JsonNode entry(JsonNode list, String id) {
    for (JsonNode token : list.path("tokens")) {
      if (token.path("id").asString().equals(id)) {
        return token;
      }
    }
    throw new AssertionError("no token " + id + " in " + list);
  }

  private static boolean exposed(JsonNode tools, String id) {
    for (JsonNode tool : tools.path("tools")) {
      if (tool.path("tool").asString().equals(id) || tool.path("id").asString().equals(id)) {
        return tool.path("exposed").asBoolean();
      }
    }
    throw new AssertionError("no tool " + id + " in " + tools);
  }

  private static long lastSeq() {
    return GatewayEvents.lastSeq(gateway);
  }

  private static List<JsonNode> events(long seq, String type) {
    return GatewayEvents.after(gateway, seq, type);
  }

  private static String allEventsAfter(long seq) {
    return GatewayEvents.after(gateway, seq).toString();
  }
}
