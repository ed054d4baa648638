package ai.tyrum.gateway.lib.http;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.json.UnpairedSurrogates;
import ai.tyrum.gateway.spi.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a request body that must be one JSON object of at most {@value #MAX_BYTES} bytes.
 *
 * <p>What the parser says about a body it refuses is put in the operator's words here: its own messages
 * name its classes and settings, which mean nothing to whoever sent the request.
 */
public final class JsonBody {

  /** 1 MiB: far above any request the API takes, far below what could hurt the gateway. */
  public static final int MAX_BYTES = 1024 * 1024;

  private JsonBody() {}

  /**
   * The object {@code in} holds; reads at most one byte past the cap, so a huge body costs nothing.
   *
   * @throws GatewayException {@code body_too_large} (413); {@code json_too_deep} (400) when it nests
   *     deeper than the parser allows; or {@code invalid_json} (400) when the body is empty, not UTF-8
   *     JSON, more than one value, JSON but not an object, or holds a string UTF-8 cannot carry (an
   *     unpaired surrogate); the details hold the JSON pointer of where the parser stopped, or of each
   *     such string
   * @throws IOException when the body cannot be read, such as a client that stops sending
   */
  public static ObjectNode readObject(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new GatewayException(
          "body_too_large", 413, "the request body is larger than " + MAX_BYTES + " bytes", List.of());
    }
    if (bytes.length == 0) {
      throw invalid("the request needs a JSON object body", Optional.empty());
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw refusal(e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw invalid("the request body must be a JSON object, not " + kind(node), Optional.empty());
    }
    List<UnpairedSurrogates.Place> broken = UnpairedSurrogates.in(object);
    if (!broken.isEmpty()) {
      throw new GatewayException(
          "invalid_json", 400, "the request body holds text that is not valid Unicode; nothing was done",
          broken.stream().map(UnpairedSurrogates.Place::detail).toList());
    }
    return object;
  }

  /**
   * Checks a request's {@code Content-Type} before its body is read as JSON: absent, JSON
   * ({@code application/json} or a {@code +json} type), or the form type that {@code curl -d} sends
   * by default, whose body is read as JSON all the same.
   *
   * @throws GatewayException {@code unsupported_media_type} (415) for any other type
   */
  public static void requireJsonType(Optional<String> contentType) {
    if (contentType.isEmpty() || contentType.get().isBlank()) {
      return;
    }
    String type = contentType.get().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))
        || type.equals("application/x-www-form-urlencoded")) {
      return;
    }
    throw new GatewayException("unsupported_media_type", 415,
        "the request body must be JSON: send Content-Type: application/json", List.of("Content-Type"));
  }

  /** The refusal for what the parser threw, in words that name no class of the parser. */
  static GatewayException refusal(JacksonException e) {
    Optional<String> pointer = pointer(e);
    String where = where(e.getLocation());
    String said = String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof StreamConstraintsException) {
      if (said.contains("nesting depth")) {
        return new GatewayException("json_too_deep", 400,
            "the request body nests objects and arrays deeper than the gateway reads" + where,
            pointer.map(List::of).orElse(List.of()));
      }
      return invalid("the request body holds a name, string or number longer than the gateway reads" + where, pointer);
    }
    if (said.contains("duplicate") && said.contains("property")) {
      return invalid("the request body names one field twice in an object" + where, pointer);
    }
    if (said.contains("trailing token")) {
      return invalid("the request body holds more than one JSON value; send exactly one object", Optional.empty());
    }
    if (said.contains("utf-8") || said.contains("utf-32") || said.contains("utf8") || said.contains("encoding")
        || said.contains("surrogate") || e.getCause() instanceof java.io.CharConversionException) {
      return invalid("the request body is not UTF-8 text" + where, pointer);
    }
    if (said.contains("end-of-input") || said.contains("no content")) {
      return invalid("the request body ends before its JSON is complete" + where, pointer);
    }
    return invalid("the request body is not valid JSON" + where, pointer);
  }

  private static Optional<String> pointer(JacksonException e) {
    if (e instanceof StreamReadException read && read.processor() != null) {
      try {
        String pointer = read.processor().streamReadContext().pathAsPointer().toString();
        return pointer.isEmpty() ? Optional.empty() : Optional.of(pointer);
      } catch (RuntimeException unknown) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static String where(TokenStreamLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isString()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return "another JSON value";
  }

  private static GatewayException invalid(String message, Optional<String> pointer) {
    return new GatewayException("invalid_json", 400, message, pointer.map(List::of).orElse(List.of()));
  }
}
