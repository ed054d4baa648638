package ai.tyrum.gateway.core.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answer to what never reaches a servlet, in the API's error shape: requests its parser
 * refuses (a bad request line, percent-escape or chunked body, a path or headers too long) and errors
 * of the servlet context outside the API's own handling. Jetty's default writes an HTML page naming
 * its classes, and, for an exception, the servlet and the stack.
 */
final class JsonErrorHandler extends ErrorHandler {

  JsonErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  /** A request the parser refused: the connection closes after this answer. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8"));
    fields.put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
    return ByteBuffer.wrap(StatusErrors.badMessage(status, reason).json());
  }

  /** An error status set inside the servlet context but written by no servlet, or an exception that escaped one. */
  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    // An exception that escaped a servlet was logged by Jetty already, once, with its trace.
    int status = response.getStatus();
    if (response.isCommitted()) {
      return;
    }
    byte[] body = StatusErrors.of(status).json();
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
