package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.command.CommandDispatcher;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.databind.node.ObjectNode;

/** Slash commands: {@code POST /commands/execute {"text":"/echo hi","agent":"default"}} → {@code {"output":"hi"}}. */
@Component(service = ApiResource.class)
public final class CommandsResource implements ApiResource {

  @Reference CommandDispatcher commands;

  @Override
  public List<Route> routes() {
    return List.of(Route.post("/commands/execute", Access.TOOLS_INVOKE, this::execute));
  }

  private Reply execute(Call call) throws IOException {
    ObjectNode body = call.body();
    String agent = Agents.of(Optional.ofNullable(body.path("agent").asString(null)));
    return Reply.ok(Map.of("output", commands.execute(body.path("text").asString(""), agent).output()));
  }
}
