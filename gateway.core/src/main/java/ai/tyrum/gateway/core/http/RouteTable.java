package ai.tyrum.gateway.core.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The HTTP API's one route table: the routes of every {@link ApiResource} service, as they come and
 * go. A resource whose routes clash with those already served is refused whole, with a warning.
 */
@Component(service = RouteTable.class)
public final class RouteTable {

  private static final System.Logger LOG = System.getLogger(RouteTable.class.getName());

  /** Guarded by {@code this}; each resource with the routes it was accepted with. */
  private final Map<ApiResource, List<Route>> accepted = new LinkedHashMap<>();

  /** Replaced whole, so that a request reads one consistent table without a lock. */
  private volatile Routes routes = Routes.of(List.of());

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  synchronized void addResource(ApiResource resource) {
    List<Route> offered = List.copyOf(resource.routes());
    try {
      routes = routes.with(offered);
      accepted.put(resource, offered);
    } catch (IllegalArgumentException clash) {
      LOG.log(System.Logger.Level.WARNING,
          "HTTP resource " + resource.getClass().getName() + " is not served: " + clash.getMessage());
    }
  }

  synchronized void removeResource(ApiResource resource) {
    if (accepted.remove(resource) != null) {
      List<Route> remaining = new ArrayList<>();
      accepted.values().forEach(remaining::addAll);
      routes = Routes.of(remaining);
    }
  }

  /** The table as of now. */
  Routes routes() {
    return routes;
  }
}
