package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.api.RpcRoute;
import ai.tyrum.gateway.core.manifest.PluginManifest.RouteDecl;

/** A declared route with the service that serves it. */
public record BoundRoute(PluginRecord plugin, RouteDecl declaration, RpcRoute service) {}
