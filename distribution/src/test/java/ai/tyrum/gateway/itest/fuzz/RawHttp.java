package ai.tyrum.gateway.itest.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken by hand over a socket, so that a test can send what no client library would: broken
 * escapes, overlong lines, bad chunking, bytes that are not UTF-8, two requests on one connection.
 */
final class RawHttp {

  /** Bounds a hang only; an answer normally arrives in milliseconds. */
  private static final int READ_TIMEOUT_MS = 20_000;

  /** One answer read off the connection. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code request} as it is and reads every answer until the server closes the connection (the
   * request should end with {@code Connection: close}, or be broken enough that the server closes).
   */
  static List<Answer> exchange(URI base, byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        socket.shutdownOutput();
      } catch (SocketException e) {
        // the server may close as soon as it has seen enough of a bad request; read what it said
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException("exchange with " + base + " failed", e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // a reset after the answers: keep what arrived
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server neither answered nor closed within " + READ_TIMEOUT_MS + " ms; got: "
          + out.toString(StandardCharsets.ISO_8859_1), e);
    }
    return out.toByteArray();
  }

  private static List<Answer> parse(byte[] bytes) {
    List<Answer> answers = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
      if (headEnd < 0) {
        throw new AssertionError("an answer without an end of headers: " + new String(bytes, at, bytes.length - at, StandardCharsets.ISO_8859_1));
      }
      String[] lines = new String(bytes, at, headEnd - at, StandardCharsets.ISO_8859_1).split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
        throw new AssertionError("not an HTTP status line: " + lines[0]);
      }
      int status = Integer.parseInt(statusLine[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
      }
      at = headEnd + 4;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
        while (true) {
          int lineEnd = indexOf(bytes, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
          int size = Integer.parseInt(new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
          at = lineEnd + 2;
          if (size == 0) {
            int trailerEnd = indexOf(bytes, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            at = trailerEnd < 0 ? bytes.length : trailerEnd + 2;
            break;
          }
          body.write(bytes, at, size);
          at += size + 2;
        }
      } else if (headers.containsKey("content-length")) {
        int length = Integer.parseInt(headers.get("content-length"));
        body.write(bytes, at, Math.min(length, bytes.length - at));
        at += length;
      } else if (status == 204 || status == 304 || status < 200) {
        // no body
      } else {
        body.write(bytes, at, bytes.length - at);
        at = bytes.length;
      }
      answers.add(new Answer(status, headers, body.toString(StandardCharsets.UTF_8)));
    }
    return answers;
  }

  private static int indexOf(byte[] bytes, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= bytes.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
