package ai.tyrum.gateway.core.http;

import java.util.List;

/**
 * A resource of the gateway's HTTP API (DESIGN section 7): a service whose routes join the one route
 * table, behind the one token check of the {@code tyrum} context.
 *
 * <p>To add a resource, write one {@code @Component(service = ApiResource.class)} class whose
 * {@link #routes()} states each route's method, path template and {@link Access}, with handlers that
 * use its own {@code @Reference}s; {@link RouteTable} picks it up, and {@code RouteTableTest} checks it.
 * {@code routes()} must not touch the references: the table is read before any request arrives.
 *
 * <p>Another bundle (the marketplace, the web console, the MCP bridge) contributes a resource the same
 * way once this interface and the types its routes use ({@code Route}, {@code Access}, {@code Handler},
 * {@code Call}, {@code Reply}) move to an exported package of the SPI, and the pure helpers they lean on
 * already live in {@code ai.tyrum.gateway.lib.http}; {@link RouteTable} already takes resources from
 * any bundle, and a route that clashes with one already served is refused, not shadowed. Until then
 * they are private to the core, so that their shape can still change.
 */
public interface ApiResource {

  /** The routes this resource answers; the same list every time. */
  List<Route> routes();
}
