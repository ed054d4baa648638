package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.api.SlashCommand;
import ai.tyrum.gateway.core.manifest.PluginManifest.CommandDecl;

/** A declared slash command with the service that implements it. */
public record BoundCommand(PluginRecord plugin, CommandDecl declaration, SlashCommand service) {}
