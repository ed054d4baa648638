package ai.tyrum.gateway.core.guard;

import java.util.Set;

/**
 * What the service guard knows of one bundle revision: whether it is a plugin, one of the gateway's own
 * bundles or another bundle of the run set (the framework, SCR, Felix HTTP, ...), and for a plugin the
 * names of the tools, slash commands and routes its manifest declares.
 */
record BundleKind(Kind kind, Set<String> tools, Set<String> commands, Set<String> routes) {

  enum Kind {
    /** A bundle providing a {@code tyrum.plugin} capability. */
    plugin,
    /** One of the gateway's own bundles (core, policy, marketplace). */
    gateway,
    /** Any other bundle of the run set, the framework included. */
    runtime
  }

  static final BundleKind GATEWAY = new BundleKind(Kind.gateway, Set.of(), Set.of(), Set.of());
  static final BundleKind RUNTIME = new BundleKind(Kind.runtime, Set.of(), Set.of(), Set.of());

  BundleKind {
    tools = Set.copyOf(tools);
    commands = Set.copyOf(commands);
    routes = Set.copyOf(routes);
  }

  static BundleKind plugin(Set<String> tools, Set<String> commands, Set<String> routes) {
    return new BundleKind(Kind.plugin, tools, commands, routes);
  }

  boolean isPlugin() {
    return kind == Kind.plugin;
  }
}
