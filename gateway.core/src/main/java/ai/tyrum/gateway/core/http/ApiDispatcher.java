package ai.tyrum.gateway.core.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The HTTP API's one servlet: runs the handler of the route that {@link ApiContext} matched and
 * admitted, and writes its reply.
 *
 * <p>One servlet rather than one per resource: whiteboard patterns cannot tell {@code /plugins/{id}}
 * from {@code /plugins/{id}/config} or {@code /plugins/{id}/rpc/...}, 404 and 405 must come from the
 * whole table, and the context has matched the route already to know its scope. Running the match the
 * context checked means the route whose scope was checked is the route that answers.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("tyrum-api")
public final class ApiDispatcher extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String what = request.getMethod() + " " + Guard.path(request);
    Reply reply =
        request.getAttribute(Call.ATTRIBUTE) instanceof Call call
            ? Responses.attempt(what, () -> call.match().route().handler().handle(call))
            : Responses.failure(what, new IllegalStateException("the request did not pass the " + ApiContext.NAME + " context"));
    Responses.write(response, reply);
  }
}
