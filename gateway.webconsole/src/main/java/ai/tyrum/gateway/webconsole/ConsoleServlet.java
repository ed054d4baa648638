package ai.tyrum.gateway.webconsole;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the console's files from this bundle, GET and HEAD only, each with the headers of
 * {@link SecurityHeaders}; {@code /ui} itself redirects to {@code /ui/}, so that the page's relative
 * links resolve inside the context. A path that names no file is 404 in the API's error shape.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ConsoleContext.SELECT)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName(ConsoleContext.NAME)
public final class ConsoleServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The files read so far: the bundle's content never changes, and only files it holds are kept. */
  private final transient Map<String, byte[]> read = new ConcurrentHashMap<>();
  private final transient StaticFiles files = new StaticFiles(this::cached);

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    SecurityHeaders.apply(response);
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.setHeader("Allow", "GET, HEAD");
      error(response, 405, "method_not_allowed", "the web console's files are read with GET or HEAD, not " + method, "GET", "HEAD");
      return;
    }
    String path = path(request);
    if (path.isEmpty()) {
      response.setStatus(302);
      response.setHeader("Location", request.getContextPath() + "/");
      return;
    }
    Optional<StaticFiles.StaticFile> file = files.find(path);
    if (file.isEmpty()) {
      error(response, 404, "not_found", "the web console has no file " + ConsoleContext.PATH + path
          + "; open " + ConsoleContext.PATH + "/ for the console");
      return;
    }
    response.setStatus(200);
    response.setContentType(file.get().contentType());
    response.setContentLength(file.get().bytes().length);
    if (method.equals("GET")) {
      response.getOutputStream().write(file.get().bytes());
    }
  }

  /** The path inside the context: empty for {@code /ui} itself, else starting with '/'. */
  private static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    return servletPath + pathInfo;
  }

  private Optional<byte[]> cached(String name) {
    byte[] bytes = read.get(name);
    if (bytes != null) {
      return Optional.of(bytes);
    }
    Optional<byte[]> found = resource(name);
    found.ifPresent(content -> read.put(name, content));
    return found;
  }

  private static Optional<byte[]> resource(String name) {
    URL url = ConsoleServlet.class.getClassLoader().getResource(name);
    if (url == null) {
      return Optional.empty();
    }
    try (InputStream in = url.openStream()) {
      return Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the web console bundle", e);
    }
  }

  /** Writes {@code {"error":{"code","message","details"}}}, the HTTP API's error shape. */
  private static void error(HttpServletResponse response, int status, String code, String message, String... details)
      throws IOException {
    StringBuilder json = new StringBuilder("{\"error\":{\"code\":").append(Json.string(code))
        .append(",\"message\":").append(Json.string(message)).append(",\"details\":[");
    for (int i = 0; i < details.length; i++) {
      json.append(i == 0 ? "" : ",").append(Json.string(details[i]));
    }
    byte[] bytes = json.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json;charset=utf-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
