package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.command.CommandDispatcher;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Slash commands: {@code POST /commands/execute {"text":"/echo hi","agent":"default"}} → {@code {"output":"hi"}}. */
@Component(service = ApiResource.class)
public final class CommandsResource implements ApiResource {

  /** What {@code POST /commands/execute} takes. */
  private static final Set<String> FIELDS = Set.of("text", "agent");

  @Reference CommandDispatcher commands;

  @Override
  public List<Route> routes() {
    return List.of(Route.post("/commands/execute", Access.TOOLS_INVOKE, this::execute));
  }

  private Reply execute(Call call) throws IOException {
    RequestBody body = call.body(FIELDS);
    String agent = Agents.of(call, body.string("agent"));
    return Reply.ok(Map.of("output", commands.execute(body.requiredString("text"), agent, call.actor()).output()));
  }
}
