package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.invoke.ApprovalRequiredException;
import ai.tyrum.gateway.lib.http.ErrorBody;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.GatewayException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place answers and failures become HTTP responses: a {@link GatewayException} is its status
 * and the error shape of DESIGN section 7, anything else is a logged 500; nothing is ever cached.
 */
final class Responses {

  private static final System.Logger LOG = System.getLogger(Responses.class.getName());

  /** What {@link #attempt} runs. */
  @FunctionalInterface
  interface Attempt {
    Reply run() throws IOException;
  }

  private Responses() {}

  /** What {@code attempt} answers, or its refusal or failure as a reply; {@code what} names it in the log. */
  static Reply attempt(String what, Attempt attempt) {
    try {
      return attempt.run();
    } catch (GatewayException refusal) {
      return refusal(refusal);
    } catch (RuntimeException failure) {
      return failure(what, failure);
    } catch (IOException failure) {
      // Reading the request is answered where it happens (Call.body); this is the gateway's own I/O.
      return failure(what, new UncheckedIOException(failure));
    }
  }

  /** The reply for a coded refusal. */
  static Reply refusal(GatewayException refusal) {
    if (refusal instanceof ApprovalRequiredException pending) {
      // Not a failure: the call waits for an operator, and the caller needs the approval to retry.
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("decision", "require_approval");
      body.put("policy_snapshot", pending.approval().call().snapshotId());
      body.put("approval", pending.approval().toJson());
      return Reply.json(202, body);
    }
    Map<String, String> headers =
        refusal instanceof MethodNotAllowed wrongMethod
            ? Map.of("Allow", String.join(", ", wrongMethod.allowed()))
            : Map.of();
    return new Reply.JsonReply(refusal.status(), ErrorBody.of(refusal), headers);
  }

  /**
   * The reply for an unexpected failure, logged here and only here, with its trace: the caller learns
   * nothing of the gateway's insides.
   */
  static Reply failure(String what, RuntimeException failure) {
    LOG.log(System.Logger.Level.ERROR, what + " failed", failure);
    return Reply.json(500, ErrorBody.of("internal_error", "the gateway failed to answer; see its log", List.of()));
  }

  /** Writes {@code reply} whole and commits the response. */
  static void write(HttpServletResponse response, Reply reply) throws IOException {
    byte[] bytes;
    if (reply instanceof Reply.FileReply file) {
      bytes = file.bytes();
      response.setStatus(200);
      response.setContentType(file.contentType());
      response.setHeader("Content-Disposition", "attachment; filename=\"" + file.fileName() + "\"");
    } else {
      Reply.JsonReply json = (Reply.JsonReply) reply;
      bytes = Json.bytes(json.body());
      response.setStatus(json.status());
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      json.headers().forEach(response::setHeader);
    }
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }
}
