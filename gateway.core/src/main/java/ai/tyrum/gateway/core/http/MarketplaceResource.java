package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.spi.PluginInstaller;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * What the marketplace knows, read through its {@link PluginInstaller}: {@code GET /marketplace/search?q=},
 * {@code GET /marketplace/plugins/{id}} (a plugin as the catalogs offer it, installed or not), and
 * {@code GET /marketplace/verify} (every installed plugin checked against the lockfile and the store).
 * All need {@code operator.admin}.
 *
 * <p>Verification lives here rather than at {@code /plugins/verify}: that path is also
 * {@code /plugins/{id}} of a plugin whose id is {@code verify}, which is a valid id.
 */
@Component(service = ApiResource.class)
public final class MarketplaceResource implements ApiResource {

  // Optional: the marketplace provides it, and a gateway without the marketplace still serves the rest.
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  volatile PluginInstaller installer;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/marketplace/search", Access.OPERATOR_ADMIN, this::search),
        Route.get("/marketplace/plugins/{id}", Access.OPERATOR_ADMIN, this::plugin),
        Route.get("/marketplace/verify", Access.OPERATOR_ADMIN, this::verify));
  }

  private Reply search(Call call) {
    PluginInstaller current = PluginOperationsResource.installer(installer);
    return Reply.ok(Map.of("plugins", current.search(call.query("q").orElse(""))));
  }

  private Reply plugin(Call call) {
    PluginInstaller current = PluginOperationsResource.installer(installer);
    String id = call.param("id");
    return Reply.ok(current.info(id).orElseThrow(() ->
        new ApiError(404, "unknown_plugin", "no trusted catalog offers a plugin " + id, List.of("id"))));
  }

  private Reply verify(Call call) {
    PluginInstaller current = PluginOperationsResource.installer(installer);
    List<Map<String, Object>> verdicts = current.verify();
    return Reply.ok(Map.of("plugins", verdicts));
  }
}
