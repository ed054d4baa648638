package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.token.TokenException;
import ai.tyrum.gateway.core.token.TokenRefusals;
import ai.tyrum.gateway.core.token.Tokens;
import ai.tyrum.gateway.spi.GatewayException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The {@code tyrum} servlet context of the HTTP whiteboard, which every gateway servlet selects: its
 * {@link #handleSecurity} admits a request to its route only with a bearer token allowed the route's
 * scope, and answers every refusal itself in the API's error shape, before any servlet runs.
 */
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = ApiContext.NAME, path = "/")
public final class ApiContext extends ServletContextHelper {

  static final String NAME = "tyrum";

  /** The context selection filter of every gateway servlet. */
  public static final String SELECT = "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + NAME + ")";

  private final Guard guard;
  private final TokenRefusals refusals;

  @Activate
  public ApiContext(
      @Reference(name = "table") RouteTable table,
      @Reference(name = "tokens") Tokens tokens,
      @Reference(name = "refusals") TokenRefusals refusals) {
    this.guard = new Guard(table::routes, tokens::authenticate);
    this.refusals = refusals;
  }

  /**
   * Admits the request, leaving the {@link Call} in attribute {@link Call#ATTRIBUTE} (and the token's
   * id as {@link #REMOTE_USER}), or writes the refusal and returns false.
   */
  @Override
  public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Reply refusal;
    try {
      Call call = guard.admit(request);
      request.setAttribute(Call.ATTRIBUTE, call);
      call.token().ifPresent(token -> {
        request.setAttribute(REMOTE_USER, token.id());
        request.setAttribute(AUTHENTICATION_TYPE, "Bearer");
      });
      return true;
    } catch (TokenException e) {
      e.tokenId().ifPresent(id -> Refused.record(refusals, id, e.code(), request));
      refusal = Responses.refusal(e);
    } catch (GatewayException e) {
      refusal = Responses.refusal(e);
    } catch (RuntimeException e) {
      refusal = Responses.failure("admitting " + request.getMethod() + " " + Guard.path(request), e);
    }
    Responses.write(response, refusal);
    return false;
  }
}
