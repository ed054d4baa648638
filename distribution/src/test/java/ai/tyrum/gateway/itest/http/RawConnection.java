package ai.tyrum.gateway.itest.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One TCP connection to the gateway's port, written and read byte for byte: for what an HTTP client
 * would refuse to send or would normalise (a malformed request line, a bad escape, a broken chunked
 * body), and for several requests on one kept-alive connection.
 */
final class RawConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawConnection(URI base) {
    try {
      socket = new Socket(base.getHost(), base.getPort());
      socket.setSoTimeout(30_000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + base, e);
    }
  }

  /** One answer. */
  record Answer(int status, Map<String, String> headers, String body) {

    /** The header {@code name} (lower case), or "". */
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    JsonNode json() {
      return JsonMapper.shared().readTree(body);
    }

    String errorCode() {
      return json().path("error").path("code").asString();
    }
  }

  /** Sends {@code request} as ISO-8859-1 bytes, exactly as written, and reads one answer. */
  Answer exchange(String request) {
    return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  Answer exchange(byte[] request) {
    try {
      out.write(request);
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("exchange failed", e);
    }
  }

  private Answer read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes(); // the server closes the connection after such an answer
    }
    return new Answer(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed in the middle of an answer: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do: the test is over with this connection
    }
  }
}
