package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.core.manifest.PluginSchema;

/**
 * A declared tool with the service that implements it, held from the moment it arrived (never looked
 * up per call) and its contract schemas, checked when its plugin loaded.
 */
public record BoundTool(
    String toolId,
    PluginRecord plugin,
    ToolDecl declaration,
    Tool service,
    PluginSchema inputSchema,
    PluginSchema outputSchema,
    ToolDescriptor descriptor) {}
