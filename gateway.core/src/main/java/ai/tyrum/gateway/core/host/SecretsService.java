package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.Secrets;
import ai.tyrum.gateway.core.invoke.ActiveCall;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.secret.SecretStore;
import ai.tyrum.gateway.spi.Permission;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link Secrets} each plugin gets (DESIGN section 3): a read needs {@code secrets.read} on the scope,
 * declared and granted now, and a tool call of the plugin running on the reading thread; the value read
 * is then redacted from that call's output and error.
 *
 * <p>A read outside a call is refused as {@code outside_call}, and recorded like every refusal: the
 * grant covers reads inside the plugin's calls only, where the call path redacts what was read, and a
 * plugin's own thread reading a secret is an attempt the operator should see.
 */
@Component(scope = ServiceScope.BUNDLE, service = Secrets.class)
public final class SecretsService implements Secrets {

  private final PluginGrants grants;
  private final SecretStore store;
  private final Bundle caller;

  @Activate
  public SecretsService(@Reference PluginGrants grants, @Reference SecretStore store, ComponentContext context) {
    this.grants = grants;
    this.store = store;
    this.caller = context.getUsingBundle();
  }

  @Override
  public String read(String scope, String name) {
    String target = scope == null ? "" : scope;
    PluginRecord plugin = grants.require(caller, Permission.SECRETS_READ, target);
    grants.requireGranted(plugin, caller, Permission.SECRETS_READ, target);
    ActiveCall call = grants.requireCall(plugin, caller, Permission.SECRETS_READ, target);
    String secret = name == null ? "" : name;
    String value = stored(target, secret).orElseThrow(() -> new PluginException("secret_not_found",
        "no secret " + secret + " is set in scope " + target + "; an operator sets it with secret:set " + target + " " + secret));
    call.reveal(value);
    return value;
  }

  /**
   * The stored value, looked up with the gateway's own permissions: under the security manager the
   * plugin's protection domain is on the stack, and a store that reads files or a database must not be
   * refused for it.
   */
  @SuppressWarnings("removal") // the security manager is used where the JVM still has one (DESIGN section 6)
  private Optional<String> stored(String scope, String name) {
    return AccessController.doPrivileged((PrivilegedAction<Optional<String>>) () -> store.value(scope, name));
  }
}
