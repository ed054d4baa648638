package ai.tyrum.gateway.core.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests and responses with just what the HTTP layer reads and writes, as the container hands them
 * over: any other method fails the test, so that a new dependency on the container shows.
 */
final class FakeHttp {

  private FakeHttp() {}

  /** A request for {@code method} on {@code path}, with {@code headers} (names in any case). */
  static HttpServletRequest request(String method, String path, Map<String, String> headers) {
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    Map<String, Object> attributes = new HashMap<>();
    return (HttpServletRequest) Proxy.newProxyInstance(
        FakeHttp.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class},
        (proxy, called, args) -> switch (called.getName()) {
          case "getMethod" -> method;
          case "getServletPath" -> "";
          case "getPathInfo" -> path;
          case "getHeader" -> byName.get((String) args[0]);
          case "getAttribute" -> attributes.get((String) args[0]);
          case "setAttribute" -> attributes.put((String) args[0], args[1]);
          case "toString" -> method + " " + path;
          default -> throw new UnsupportedOperationException(called.getName());
        });
  }

  /** A response that keeps what is written to it. */
  static final class Response {

    int status = 200;
    boolean committed;
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    HttpServletResponse servlet() {
      ServletOutputStream out = new ServletOutputStream() {
        @Override
        public void write(int b) {
          body.write(b);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new UnsupportedOperationException();
        }
      };
      return (HttpServletResponse) Proxy.newProxyInstance(
          FakeHttp.class.getClassLoader(),
          new Class<?>[] {HttpServletResponse.class},
          (proxy, called, args) -> {
            switch (called.getName()) {
              case "setStatus" -> status = (Integer) args[0];
              case "setHeader" -> headers.put((String) args[0], (String) args[1]);
              case "setContentType" -> headers.put("Content-Type", (String) args[0]);
              case "setCharacterEncoding" -> headers.put("Character-Encoding", (String) args[0]);
              case "setContentLength" -> headers.put("Content-Length", String.valueOf(args[0]));
              case "getOutputStream" -> {
                return out;
              }
              case "flushBuffer" -> committed = true;
              default -> throw new UnsupportedOperationException(called.getName());
            }
            return null;
          });
    }
  }
}
