package ai.tyrum.gateway.core.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ai.tyrum.gateway.core.token.TokenRefusals;
import ai.tyrum.gateway.spi.GatewayException;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
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

  private final transient TokenRefusals refusals;

  @Activate
  public ApiDispatcher(@Reference TokenRefusals refusals) {
    this.refusals = refusals;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String what = request.getMethod() + " " + Guard.path(request);
    Reply reply =
        request.getAttribute(Call.ATTRIBUTE) instanceof Call call
            ? Responses.attempt(what, () -> handle(call))
            : Responses.failure(what, new IllegalStateException("the request did not pass the " + ApiContext.NAME + " context"));
    Responses.write(response, reply);
  }

  /** Runs the call's handler; a request refused for naming another agent than its token's goes on record. */
  private Reply handle(Call call) throws IOException {
    try {
      return call.match().route().handler().handle(call);
    } catch (GatewayException e) {
      if (Agents.MISMATCH.equals(e.code())) {
        call.token().ifPresent(token -> Refused.record(refusals, token.id(), e.code(), call.request()));
      }
      throw e;
    }
  }
}
