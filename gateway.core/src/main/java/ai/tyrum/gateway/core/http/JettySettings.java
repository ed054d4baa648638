package ai.tyrum.gateway.core.http;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.osgi.service.component.annotations.Component;

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

  @Override
  public Connector createConnector(Server server) {
    JsonErrorHandler errors = new JsonErrorHandler();
    server.setErrorHandler(errors);
    for (Handler handler : server.getChildHandlersByClass(ContextHandler.class)) {
      ((ContextHandler) handler).setErrorHandler(errors);
    }
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
}
