package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.core.invoke.ActiveCall;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.Permission;
import ai.tyrum.gateway.spi.PluginLock;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * What a plugin may use now: the targets of each permission class that its manifest declares AND the
 * operator granted (the lockfile entry of the plugin, while it is enabled). Asked on every use of a host
 * service, so a grant or a revocation counts from the next use on; and the one place that records a
 * refusal as {@code plugin.permission.denied} (DESIGN section 8).
 */
@Component(service = PluginGrants.class)
public final class PluginGrants {

  /** Why a use was refused, as {@code payload.reason} of the event says it. */
  public enum Refusal {
    /** The manifest does not declare the permission with a target that covers the use. */
    not_declared,
    /** Declared, but the operator has not granted it (or the plugin is not enabled in the lockfile). */
    not_granted,
    /** Declared and granted, but the use reaches past it (a redirect, a resolved address, a path). */
    outside_grant,
    /** The use needs a tool call of the plugin under way on the calling thread, and none is. */
    outside_call,
    /** The caller is not a loaded plugin. */
    not_a_plugin
  }

  private final Plugins plugins;
  private final GatewayEvents events;
  private volatile PluginLock lock;

  @Activate
  public PluginGrants(@Reference Plugins plugins, @Reference GatewayEvents events) {
    this.plugins = plugins;
    this.events = events;
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  void bindLock(PluginLock lock) {
    this.lock = lock;
  }

  void unbindLock(PluginLock lock) {
    if (this.lock == lock) {
      this.lock = null;
    }
  }

  /** The loaded plugin {@code bundle} is, if it is one. */
  public Optional<PluginRecord> plugin(Bundle bundle) {
    return plugins.plugin(bundle.getBundleId()).filter(r -> r.manifest().isPresent());
  }

  /** The targets of {@code permission} that {@code plugin} declares, in manifest order. */
  public static List<String> declared(PluginRecord plugin, Permission permission) {
    return plugin.manifest().orElseThrow().permissions().stream()
        .filter(p -> p.permission() == permission)
        .map(p -> p.target())
        .distinct()
        .toList();
  }

  /** The targets of {@code permission} that {@code plugin} declares and holds a grant of now. */
  public List<String> usable(PluginRecord plugin, Permission permission) {
    if (plugin.state() != PluginState.loaded) {
      return List.of();
    }
    PluginLock current = lock;
    if (current == null) {
      return List.of();
    }
    Optional<LockEntry> entry = current.entry(plugin.id())
        .filter(e -> e.state() == LockEntry.State.enabled && e.bundle().equals(plugin.bundle()) && e.version().equals(plugin.version()));
    if (entry.isEmpty()) {
      return List.of();
    }
    List<String> granted = entry.get().granted();
    return declared(plugin, permission).stream()
        .filter(target -> granted.contains(LockEntry.permission(permission.id(), target)))
        .toList();
  }

  /**
   * Records that {@code plugin} was refused {@code permission} on {@code target} and returns the
   * {@code permission_denied} failure the host service throws. The event names the tool call under way,
   * if the refusal happened inside one.
   *
   * @param plugin the plugin, or empty when the caller is not a loaded plugin
   * @param bundle the calling bundle, named when it is no plugin
   */
  public PluginException deny(
      Optional<PluginRecord> plugin, Bundle bundle, Permission permission, String target, Refusal reason, String why) {
    record(plugin, bundle, permission, target, reason);
    String who = plugin.map(p -> "plugin " + p.id()).orElse("bundle " + bundle.getSymbolicName());
    return new PluginException("permission_denied", who + " may not use " + permission.id() + " on " + target + ": " + why);
  }

  private void record(Optional<PluginRecord> plugin, Bundle bundle, Permission permission, String target, Refusal reason) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", plugin.map(PluginRecord::eventIdentity).orElseGet(() -> identity(bundle)));
    payload.put("permission", permission.id());
    payload.put("target", target);
    payload.put("reason", reason.name());
    plugin.flatMap(p -> ActiveCall.currentOf(p.id())).ifPresent(call -> payload.put("tool_call", call.eventFields()));
    // the plugin's frames are on the stack: under a security manager, the audit write is the gateway's act
    AccessController.doPrivileged((PrivilegedAction<Long>) () -> events.record("plugin.permission.denied", payload));
  }

  /**
   * The call of {@code plugin} under way on this thread; a use outside one is refused with
   * {@code outside_call}, recorded like every refusal.
   */
  public ActiveCall requireCall(PluginRecord plugin, Bundle bundle, Permission permission, String target) {
    Optional<ActiveCall> call = ActiveCall.currentOf(plugin.id());
    if (call.isEmpty()) {
      record(Optional.of(plugin), bundle, permission, target, Refusal.outside_call);
      throw new PluginException("outside_call", "plugin " + plugin.id() + " may use " + permission.id()
          + " only inside one of its tool calls, on the thread that runs it");
    }
    return call.get();
  }

  private static Map<String, Object> identity(Bundle bundle) {
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("id", "");
    identity.put("version", bundle.getVersion().toString());
    identity.put("bundle", String.valueOf(bundle.getSymbolicName()));
    return identity;
  }

  /**
   * The plugin {@code bundle} is, or the refusal of a caller that is none: a host service serves only
   * loaded plugins.
   */
  public PluginRecord require(Bundle bundle, Permission permission, String target) {
    Optional<PluginRecord> plugin = plugin(bundle);
    if (plugin.isEmpty()) {
      throw deny(plugin, bundle, permission, target, Refusal.not_a_plugin, "only a loaded plugin holds grants");
    }
    return plugin.get();
  }

  /**
   * Refuses, with the event, a use of exactly {@code target} that {@code plugin} does not hold now: the
   * check of a host service whose targets are names (a secret scope, {@code plugin}, a tool id) rather
   * than endpoints or folders.
   */
  public void requireGranted(PluginRecord plugin, Bundle bundle, Permission permission, String target) {
    if (!usable(plugin, permission).contains(target)) {
      throw refuse(plugin, bundle, permission, target, declared(plugin, permission).contains(target));
    }
  }

  /**
   * The refusal of a use whose target is not among {@code usable}: {@code not_declared} when the
   * manifest declares no matching target, else {@code not_granted}.
   */
  public PluginException refuse(PluginRecord plugin, Bundle bundle, Permission permission, String target, boolean declared) {
    return declared
        ? deny(Optional.of(plugin), bundle, permission, target, Refusal.not_granted,
            "the operator has not granted it; see plugin:grant " + plugin.id())
        : deny(Optional.of(plugin), bundle, permission, target, Refusal.not_declared,
            "the plugin's manifest does not request it");
  }
}
