package ai.tyrum.gateway.launcher.runset;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /healthz} while the launcher serves it: writes the answer it is given, computed at each request.
 * Loaded by {@link WhiteboardClassLoader}, never by the launcher's class loader.
 */
public final class HealthServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient Supplier<HealthAnswer> answer;

  public HealthServlet(Supplier<HealthAnswer> answer) {
    this.answer = answer;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String method = request.getMethod();
    HealthAnswer reply = "GET".equals(method)
        ? answer.get()
        : HealthAnswer.methodNotAllowed(method);
    byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
    response.setStatus(reply.status());
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    if (reply.status() == HealthAnswer.METHOD_NOT_ALLOWED) {
      response.setHeader("Allow", "GET");
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
