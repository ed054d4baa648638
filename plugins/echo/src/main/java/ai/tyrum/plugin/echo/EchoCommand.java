package ai.tyrum.plugin.echo;

import ai.tyrum.gateway.api.CommandRequest;
import ai.tyrum.gateway.api.CommandResult;
import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.api.ProvideCommand;
import ai.tyrum.gateway.api.SlashCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * The slash command {@code /echo <text>}: answers with the text after the command, or with the
 * configured {@code greeting} when there is none. The gateway hands the plugin's config to this component
 * through ConfigAdmin (PID {@code tyrum.plugin.echo}); a change reaches it through {@link #modified}
 * without a restart.
 */
@ProvideCommand(
    plugin = EchoPlugin.ID,
    name = "echo",
    description = "Answers with the text after the command, or with the configured greeting.",
    effect = Effect.read_only)
@Component(service = SlashCommand.class, configurationPid = EchoPlugin.CONFIG_PID)
public class EchoCommand implements SlashCommand {

  /** The part of the plugin's config this component reads (schemas/config.json). */
  @interface Config {
    String greeting() default "hello";
  }

  private volatile String greeting = "hello";

  @Activate
  void activate(Config config) {
    greeting = config.greeting();
  }

  @Modified
  void modified(Config config) {
    greeting = config.greeting();
  }

  @Override
  public CommandResult execute(CommandRequest request) {
    return CommandResult.of(request.arguments().isEmpty() ? greeting : request.arguments());
  }
}
