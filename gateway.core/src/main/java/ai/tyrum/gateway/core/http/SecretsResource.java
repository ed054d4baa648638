package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.secret.SecretInfo;
import ai.tyrum.gateway.core.secret.SecretStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The operator's secrets: {@code GET /secrets} lists them without values, {@code PUT /secrets/{scope}/{name}}
 * ({@code {"value":"..."}}) sets one and {@code DELETE /secrets/{scope}/{name}} removes one. All need
 * {@code operator.admin} and a token bound to no agent: a secret belongs to the gateway as a whole and
 * reaches every plugin granted its scope, whichever agent calls it. No answer carries a value.
 */
@Component(service = ApiResource.class)
public final class SecretsResource implements ApiResource {

  /** What {@code PUT /secrets/{scope}/{name}} takes. */
  private static final Set<String> FIELDS = Set.of("value");

  @Reference SecretStore secrets;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/secrets", Access.OPERATOR_ADMIN, this::list),
        Route.put("/secrets/{scope}/{name}", Access.OPERATOR_ADMIN, this::set),
        Route.delete("/secrets/{scope}/{name}", Access.OPERATOR_ADMIN, this::delete));
  }

  private Reply list(Call call) {
    Agents.requireOwn(call, Optional.empty(), "the secrets");
    return Reply.ok(Map.of("secrets", secrets.list().stream().map(SecretInfo::toJson).toList()));
  }

  private Reply set(Call call) throws IOException {
    Agents.requireOwn(call, Optional.empty(), "the secrets");
    String value = call.body(FIELDS).requiredString("value");
    return Reply.ok(secrets.set(call.param("scope"), call.param("name"), value, call.actor()).toJson());
  }

  private Reply delete(Call call) throws IOException {
    Agents.requireOwn(call, Optional.empty(), "the secrets");
    call.optionalBody(Set.of()); // takes no fields: one sent by mistake is refused, not ignored
    return Reply.ok(secrets.delete(call.param("scope"), call.param("name"), call.actor()).toJson());
  }
}
