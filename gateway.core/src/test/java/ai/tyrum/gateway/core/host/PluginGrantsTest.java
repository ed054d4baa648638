package ai.tyrum.gateway.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.core.invoke.ActiveCall;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.TestRegistry;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.Permission;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

class PluginGrantsTest {

  private static final String ANY = "{\"type\":\"object\"}";

  private final List<Map<String, Object>> denied = new ArrayList<>();
  private final GatewayEvents events = (type, payload) -> {
    if (type.equals("plugin.permission.denied")) {
      denied.add(payload);
    }
    return denied.size();
  };
  private final TestRegistry plugin = new TestRegistry(events, "weather", ANY, ANY, List.of(TestRegistry.tool("t", "read_only")),
      List.of(new PermissionDecl(Permission.SECRETS_READ, "weather", "the API key"),
          new PermissionDecl(Permission.SECRETS_READ, "billing", "invoices"),
          new PermissionDecl(Permission.NETWORK_EGRESS, "class:weather-api", "the forecast")));
  private final PluginGrants grants = new PluginGrants(plugin.registry, events);

  private static PluginLock lock(LockEntry.State state, String version, String... granted) {
    LockEntry entry = new LockEntry("weather", version, "test.weather", state, new PluginOrigin(PluginOrigin.LOCAL, "x.jar", ""),
        "ab".repeat(32), 1, List.of(granted), Map.of(), List.of(), Instant.EPOCH);
    return new PluginLock() {
      @Override
      public List<LockEntry> entries() {
        return List.of(entry);
      }

      @Override
      public Optional<LockEntry> entry(String id) {
        return id.equals(entry.id()) ? Optional.of(entry) : Optional.empty();
      }
    };
  }

  private PluginRecord record() {
    return grants.plugin(plugin.bundle()).orElseThrow();
  }

  @Test
  void usableTargetsAreThoseDeclaredAndGrantedInTheEnabledEntry() {
    grants.bindLock(lock(LockEntry.State.enabled, "1.0.0", "secrets.read:weather", "network.egress:class:weather-api", "secrets.read:other"));

    assertThat(grants.usable(record(), Permission.SECRETS_READ)).containsExactly("weather");
    assertThat(grants.usable(record(), Permission.NETWORK_EGRESS)).containsExactly("class:weather-api");
    assertThat(grants.usable(record(), Permission.DB)).isEmpty();
  }

  @Test
  void nothingIsUsableWithoutALockfileOrAnEnabledEntryOfThisVersion() {
    assertThat(grants.usable(record(), Permission.SECRETS_READ)).isEmpty();

    grants.bindLock(lock(LockEntry.State.disabled, "1.0.0", "secrets.read:weather"));
    assertThat(grants.usable(record(), Permission.SECRETS_READ)).isEmpty();

    grants.bindLock(lock(LockEntry.State.enabled, "2.0.0", "secrets.read:weather"));
    assertThat(grants.usable(record(), Permission.SECRETS_READ)).isEmpty();
  }

  @Test
  void aRevocationCountsFromTheNextUse() {
    PluginLock granted = lock(LockEntry.State.enabled, "1.0.0", "secrets.read:weather");
    grants.bindLock(granted);
    assertThat(grants.usable(record(), Permission.SECRETS_READ)).containsExactly("weather");

    grants.bindLock(lock(LockEntry.State.enabled, "1.0.0"));

    assertThat(grants.usable(record(), Permission.SECRETS_READ)).isEmpty();
  }

  @Test
  void refusalIsRecordedWithThePluginTheTargetAndTheReason() {
    PluginException refused = grants.refuse(record(), plugin.bundle(), Permission.SECRETS_READ, "payroll", false);

    assertThat(refused.code()).isEqualTo("permission_denied");
    assertThat(refused.getMessage()).contains("plugin weather", "secrets.read", "payroll", "does not request it");
    assertThat(denied).singleElement().satisfies(payload -> {
      assertThat(payload).containsEntry("permission", "secrets.read").containsEntry("target", "payroll")
          .containsEntry("reason", "not_declared").doesNotContainKey("tool_call");
      assertThat(payload.get("plugin")).isEqualTo(Map.of("id", "weather", "version", "1.0.0", "bundle", "test.weather"));
    });
  }

  @Test
  void useOutsideACallOfThePluginIsRefusedAndInsideOneItIsNamed() {
    assertThatThrownBy(() -> grants.requireCall(record(), plugin.bundle(), Permission.SECRETS_READ, "weather"))
        .isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo("outside_call"));
    assertThat(denied).singleElement().satisfies(p -> assertThat(p).containsEntry("reason", "outside_call"));

    ActiveCall other = new ActiveCall("echo", "plugin.echo.echo", "default");
    assertThat(other.bind(() -> ActiveCall.currentOf("weather"))).isEmpty();

    ActiveCall own = new ActiveCall("weather", "plugin.weather.t", "ops");
    PluginException refused = own.bind(() -> {
      assertThat(grants.requireCall(record(), plugin.bundle(), Permission.SECRETS_READ, "weather")).isSameAs(own);
      return grants.refuse(record(), plugin.bundle(), Permission.SECRETS_READ, "billing", true);
    });
    assertThat(refused.getMessage()).contains("plugin:grant weather");
    assertThat(denied.get(1)).containsEntry("reason", "not_granted")
        .containsEntry("tool_call", Map.of("tool", "plugin.weather.t", "agent", "ops"));
  }

  @Test
  void aBundleThatIsNoLoadedPluginHoldsNothing() {
    Bundle other = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getBundleId" -> 7L;
          case "getSymbolicName" -> "not.a.plugin";
          case "getVersion" -> new Version(2, 0, 0);
          default -> null;
        });

    assertThatThrownBy(() -> grants.require(other, Permission.DB, "plugin"))
        .isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo("permission_denied"));
    assertThat(denied).singleElement().satisfies(p -> assertThat(p).containsEntry("reason", "not_a_plugin")
        .containsEntry("plugin", Map.of("id", "", "version", "2.0.0", "bundle", "not.a.plugin")));
  }
}
