package ai.tyrum.plugin.weather;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.Secrets;
import java.util.Map;

/** A stand-in for the gateway's {@link Secrets}: the values of a map keyed {@code scope/name}. */
record MapSecrets(Map<String, String> values) implements Secrets {

  @Override
  public String read(String scope, String name) {
    String value = values.get(scope + "/" + name);
    if (value == null) {
      throw new PluginException("secret_not_found", "no secret " + name + " in scope " + scope);
    }
    return value;
  }
}
