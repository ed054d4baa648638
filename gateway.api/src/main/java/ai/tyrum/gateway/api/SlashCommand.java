package ai.tyrum.gateway.api;

import org.osgi.annotation.versioning.ConsumerType;

/** A slash command a plugin adds. Register it as a DS service annotated with {@link ProvideCommand}. */
@ConsumerType
public interface SlashCommand {

  /**
   * Runs the command typed as {@code /<name> <arguments>}.
   *
   * @throws PluginException with a stable code for a failure the caller should see as such
   */
  CommandResult execute(CommandRequest request);
}
