package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.spi.ToolDescriptor;
import com.networknt.schema.Schema;

/**
 * A declared tool with the service that implements it, held from the moment it arrived (never looked
 * up per call) and its contract schemas compiled once per plugin version.
 */
public record BoundTool(
    String toolId,
    PluginRecord plugin,
    ToolDecl declaration,
    Tool service,
    Schema inputSchema,
    Schema outputSchema,
    ToolDescriptor descriptor) {}
