package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.core.manifest.PluginSchema;

/**
 * A declared tool with the service that implements it (held once obtained, never looked up per call;
 * see {@link ToolService}) and its contract schemas, checked when its plugin loaded.
 */
public record BoundTool(
    String toolId,
    PluginRecord plugin,
    ToolDecl declaration,
    ToolService service,
    PluginSchema inputSchema,
    PluginSchema outputSchema,
    ToolDescriptor descriptor) {}
