package ai.tyrum.gateway.core.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * What the gateway sets on Felix HTTP's Jetty server that Felix's configuration does not offer:
 *
 * <ul>
 *   <li>No per-connection header cache. Jetty's HTTP/1 parser keeps the header fields of earlier
 *       requests on a connection, {@code Authorization} among them, and matches a later field against
 *       them without regard to case: a token with its letters' case swapped would read as the token
 *       sent before it on the same connection. With no cache, the token check sees the bytes sent.
 *   <li>{@link JsonErrorHandler}: the answers Jetty writes itself, before any servlet (a request its
 *       parser refuses) or around one, in the API's error shape instead of HTML.
 * </ul>
 *
 * <p>Felix HTTP Jetty 5.1 hands its {@link Server} to {@link ConnectorFactory} services only, so this is
 * one: it applies the settings when called and returns a {@link LocalConnector}, an in-memory connector
 * with no socket and no acceptor thread, which nothing ever uses. The server started before the gateway,
 * so the connections it already holds have their parser changed too.
 */
@Component(service = ConnectorFactory.class)
public final class JettySettings implements ConnectorFactory {

  /** Puts back the error handlers found, so that a stopped core leaves none of its classes in the server. */
  private volatile Runnable restore = () -> {};

  @Override
  public Connector createConnector(Server server) {
    JsonErrorHandler errors = new JsonErrorHandler();
    Map<ContextHandler, ErrorHandler> found = new LinkedHashMap<>();
    for (Handler handler : server.getChildHandlersByClass(ContextHandler.class)) {
      ContextHandler context = (ContextHandler) handler;
      found.put(context, context.getErrorHandler());
      context.setErrorHandler(errors);
    }
    ErrorHandler serverErrors = server.getErrorHandler();
    server.setErrorHandler(errors);
    restore = () -> {
      if (server.getErrorHandler() == errors) {
        server.setErrorHandler(serverErrors);
      }
      found.forEach((context, previous) -> {
        if (context.getErrorHandler() == errors) {
          context.setErrorHandler(previous);
        }
      });
    };
    for (Connector connector : server.getConnectors()) {
      HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
      if (http != null) {
        http.getHttpConfiguration().setHeaderCacheSize(0);
        http.getHttpConfiguration().setHeaderCacheCaseSensitive(true);
      }
      for (EndPoint open : connector.getConnectedEndPoints()) {
        if (open.getConnection() instanceof HttpConnection connection) {
          connection.getParser().setHeaderCacheSize(0);
        }
      }
    }
    return new LocalConnector(server, null, null, null, 0, new HttpConnectionFactory());
  }

  /** The header cache stays off: it is only ever safer so. */
  @Deactivate
  void deactivate() {
    restore.run();
  }
}
