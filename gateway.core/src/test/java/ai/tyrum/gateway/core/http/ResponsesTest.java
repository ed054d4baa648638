package ai.tyrum.gateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.core.invoke.ApprovalRequiredException;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.GatewayException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ResponsesTest {

  @Test
  void refusalIsItsStatusAndTheErrorShapeNeverCached() throws Exception {
    FakeHttp.Response response = write(Responses.refusal(
        new GatewayException("invalid_config", 422, "the config does not fit its schema", List.of("/greeting (type)"))));

    assertThat(response.status).isEqualTo(422);
    assertThat(response.headers).containsEntry("Cache-Control", "no-store").containsEntry("Content-Type", "application/json");
    assertThat(response.committed).isTrue();
    JsonNode error = Json.MAPPER.readTree(response.body.toByteArray()).path("error");
    assertThat(error.path("code").asString()).isEqualTo("invalid_config");
    assertThat(error.path("message").asString()).isEqualTo("the config does not fit its schema");
    assertThat(error.path("details").toString()).isEqualTo("[\"/greeting (type)\"]");
  }

  @Test
  void refusalOfAnotherBundleKeepsItsOwnStatus() throws Exception {
    FakeHttp.Response response = write(Responses.refusal(new ApprovalException("approval_expired", "too late")));

    assertThat(response.status).isEqualTo(410);
  }

  @Test
  void methodNotAllowedSaysWhichMethodsAre() throws Exception {
    FakeHttp.Response response = write(Responses.refusal(new MethodNotAllowed(Set.of("PUT", "GET"))));

    assertThat(response.status).isEqualTo(405);
    assertThat(response.headers).containsEntry("Allow", "GET, PUT");
    assertThat(Json.MAPPER.readTree(response.body.toByteArray()).path("error").path("message").asString())
        .isEqualTo("use GET or PUT");
  }

  @Test
  void callWaitingForApprovalIsAcceptedWithTheApproval() throws Exception {
    Approval approval = new Approval("apr_1", new ApprovalRequest("plugin.echo.echo", "default", "00", "snap"),
        Approval.State.pending, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), Optional.empty(), "", "");

    FakeHttp.Response response = write(Responses.refusal(new ApprovalRequiredException(approval)));

    assertThat(response.status).isEqualTo(202);
    JsonNode body = Json.MAPPER.readTree(response.body.toByteArray());
    assertThat(body.path("decision").asString()).isEqualTo("require_approval");
    assertThat(body.path("policy_snapshot").asString()).isEqualTo("snap");
    assertThat(body.path("approval").path("id").asString()).isEqualTo("apr_1");
  }

  @Test
  void unexpectedFailureIsA500ThatTellsNothingAndIsLoggedOnceWithItsTrace() throws Exception {
    Logger logger = Logger.getLogger(Responses.class.getName());
    List<LogRecord> logged = new ArrayList<>();
    Handler recorder = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    boolean parents = logger.getUseParentHandlers();
    logger.setUseParentHandlers(false);
    logger.addHandler(recorder);
    IllegalStateException bug = new IllegalStateException("secret internals");
    FakeHttp.Response response;
    try {
      response = write(Responses.attempt("GET /status", () -> {
        throw bug;
      }));
    } finally {
      logger.removeHandler(recorder);
      logger.setUseParentHandlers(parents);
    }

    assertThat(response.status).isEqualTo(500);
    String body = response.body.toString();
    assertThat(Json.MAPPER.readTree(body).path("error").path("code").asString()).isEqualTo("internal_error");
    assertThat(body).doesNotContain("secret internals").doesNotContain("IllegalStateException");
    assertThat(logged).singleElement().satisfies(record -> {
      assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
      assertThat(record.getMessage()).contains("GET /status");
      assertThat(record.getThrown()).isSameAs(bug);
    });
  }

  @Test
  void attemptPassesAnAnswerThrough() throws Exception {
    assertThat(Responses.attempt("GET /healthz", () -> Reply.ok("fine"))).isEqualTo(Reply.ok("fine"));
  }

  @Test
  void anIoFailureOfAHandlerIsAnInternalErrorInTheErrorShapeNotAnEscapingException() {
    Logger logger = Logger.getLogger(Responses.class.getName());
    boolean parents = logger.getUseParentHandlers();
    logger.setUseParentHandlers(false); // the expected failure is logged with its trace; keep it out of the build's output
    Reply reply;
    try {
      reply = Responses.attempt("GET /export", () -> {
        throw new java.io.IOException("disk gone");
      });
    } finally {
      logger.setUseParentHandlers(parents);
    }

    assertThat(reply).isInstanceOfSatisfying(Reply.JsonReply.class, json -> {
      assertThat(json.status()).isEqualTo(500);
      assertThat(Json.MAPPER.valueToTree(json.body()).path("error").path("code").asString()).isEqualTo("internal_error");
    });
  }

  @Test
  void downloadIsAnAttachmentNeverCached() throws Exception {
    FakeHttp.Response response = write(new Reply.FileReply("application/zip", "export.zip", new byte[] {1, 2, 3}));

    assertThat(response.status).isEqualTo(200);
    assertThat(response.headers)
        .containsEntry("Content-Type", "application/zip")
        .containsEntry("Content-Disposition", "attachment; filename=\"export.zip\"")
        .containsEntry("Cache-Control", "no-store")
        .containsEntry("Content-Length", "3");
    assertThat(response.body.toByteArray()).containsExactly(1, 2, 3);
  }

  private static FakeHttp.Response write(Reply reply) throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();
    Responses.write(response.servlet(), reply);
    return response;
  }
}
