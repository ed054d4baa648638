package ai.tyrum.gateway.webconsole;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The web console's own servlet context at {@code /ui}. The HTTP API's context sits at {@code /} and
 * refuses every path outside its route table; the whiteboard gives a request to the context with the
 * longest matching path (Servlet Whiteboard 1.1, section 140.3), so {@code /ui} and below come here.
 *
 * <p>The console's files are public: they hold no data, and every API call the page makes carries the
 * operator's token itself. So this context admits every request, and the API's context still checks
 * each call.
 */
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = ConsoleContext.NAME, path = ConsoleContext.PATH)
public final class ConsoleContext extends ServletContextHelper {

  static final String NAME = "tyrum-webconsole";
  static final String PATH = "/ui";

  /** The context selection filter of the console's servlet. */
  static final String SELECT = "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + NAME + ")";

  @Override
  public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) {
    return true;
  }
}
