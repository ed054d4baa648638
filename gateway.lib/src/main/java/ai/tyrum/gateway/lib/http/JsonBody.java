package ai.tyrum.gateway.lib.http;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.json.UnpairedSurrogates;
import ai.tyrum.gateway.spi.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads a request body that must be one JSON object of at most {@value #MAX_BYTES} bytes. */
public final class JsonBody {

  /** 1 MiB: far above any request the API takes, far below what could hurt the gateway. */
  public static final int MAX_BYTES = 1024 * 1024;

  private JsonBody() {}

  /**
   * The object {@code in} holds; reads at most one byte past the cap, so a huge body costs nothing.
   *
   * @throws GatewayException {@code body_too_large} (413), or {@code invalid_json} (400) when the body
   *     is empty, not JSON, JSON but not an object, or holds a string UTF-8 cannot carry (an unpaired
   *     surrogate, one detail with the JSON pointer of each): every handler gets text it can store as sent
   */
  public static ObjectNode readObject(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new GatewayException(
          "body_too_large", 413, "the request body is larger than " + MAX_BYTES + " bytes", List.of());
    }
    if (bytes.length == 0) {
      throw invalid("the request needs a JSON object body");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw invalid("the request body is not JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw invalid("the request body must be a JSON object");
    }
    List<UnpairedSurrogates.Place> broken = UnpairedSurrogates.in(object);
    if (!broken.isEmpty()) {
      throw new GatewayException(
          "invalid_json", 400, "the request body holds text that is not valid Unicode; nothing was done",
          broken.stream().map(UnpairedSurrogates.Place::detail).toList());
    }
    return object;
  }

  private static GatewayException invalid(String message) {
    return new GatewayException("invalid_json", 400, message, List.of());
  }
}
