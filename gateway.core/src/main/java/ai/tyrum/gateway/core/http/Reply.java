package ai.tyrum.gateway.core.http;

import java.util.Map;
import java.util.Objects;

/** What a handler answers: JSON with its status, or a file to download. */
sealed interface Reply {

  /** 200 with {@code body} as JSON. */
  static Reply ok(Object body) {
    return new JsonReply(200, body, Map.of());
  }

  /** {@code status} with {@code body} as JSON. */
  static Reply json(int status, Object body) {
    return new JsonReply(status, body, Map.of());
  }

  /** {@code body} written as JSON, with extra response {@code headers} such as {@code Allow}. */
  record JsonReply(int status, Object body, Map<String, String> headers) implements Reply {
    public JsonReply {
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }
  }

  /** A 200 download of {@code bytes}, saved by the client as {@code fileName}. */
  record FileReply(String contentType, String fileName, byte[] bytes) implements Reply {}
}
