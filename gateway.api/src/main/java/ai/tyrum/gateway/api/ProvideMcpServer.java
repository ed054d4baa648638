package ai.tyrum.gateway.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares an MCP server definition shipped in the jar: a {@code tyrum.mcp} capability. The server runs
 * out of process; the definition file (JSON: transport, command, args, env with secret references) is
 * read by the gateway, never executed by the plugin.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Repeatable(ProvideMcpServer.List.class)
@Capability(namespace = ProvideMcpServer.NAMESPACE)
public @interface ProvideMcpServer {

  /** The id of the plugin that declares it; the same constant as {@link Plugin#id()}. */
  @Attribute("plugin")
  String plugin();

  /** The capability namespace of an MCP server definition. */
  String NAMESPACE = "tyrum.mcp";

  /** The server id, {@code [a-z][a-z0-9_-]{0,62}}. */
  @Attribute(NAMESPACE)
  String id();

  /** Path, inside the jar, of the server definition (JSON). */
  @Attribute("definition")
  String definition();

  /** Several MCP server definitions on one element. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target({ElementType.TYPE, ElementType.PACKAGE})
  @interface List {
    ProvideMcpServer[] value();
  }
}
