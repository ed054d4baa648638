package ai.tyrum.plugin.echo;

import ai.tyrum.gateway.api.CommandRequest;
import ai.tyrum.gateway.api.CommandResult;
import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.api.ProvideCommand;
import ai.tyrum.gateway.api.SlashCommand;
import org.osgi.service.component.annotations.Component;

/** The slash command {@code /echo <text>}: answers with the text after the command. */
@ProvideCommand(
    plugin = EchoPlugin.ID,
    name = "echo",
    description = "Answers with the text after the command.",
    effect = Effect.read_only)
@Component(service = SlashCommand.class)
public class EchoCommand implements SlashCommand {

  @Override
  public CommandResult execute(CommandRequest request) {
    return CommandResult.of(request.arguments());
  }
}
