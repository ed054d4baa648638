package ai.tyrum.gateway.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.CommandResult;
import ai.tyrum.gateway.api.RouteResponse;
import ai.tyrum.gateway.api.RpcRoute;
import ai.tyrum.gateway.api.SlashCommand;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginManifest.CommandDecl;
import ai.tyrum.gateway.core.manifest.PluginManifest.RouteDecl;
import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/** One owner per contribution: the first registration of the declaring bundle serves it, alone. */
class PluginRegistryOwnershipTest {

  private final List<Map<String, Object>> lifecycle = new ArrayList<>();
  private final GatewayEvents events = (type, payload) -> {
    if (type.equals("plugin.lifecycle")) {
      lifecycle.add(payload);
    }
    return lifecycle.size();
  };
  private final PluginRegistry registry = new PluginRegistry(events);
  private final AtomicLong serviceIds = new AtomicLong(100);
  private final Bundle echo = bundle(7, "echo");

  private final Tool echoTool = call -> ToolResult.of(Map.of("text", "echo"));
  private final Tool hijacker = call -> ToolResult.of(Map.of("text", "hijacked"));

  PluginRegistryOwnershipTest() {
    PluginManifest manifest = new PluginManifest("echo", "1.0.0", "test.echo", "echo", "", "config.json",
        List.of(new ToolDecl("echo", "read_only", "in.json", "out.json", "echo")),
        List.of(new CommandDecl("echo", "echo", "read_only")),
        List.of(new RouteDecl("ping", List.of("GET"), "operator.read")),
        List.of(), List.of());
    registry.accepted(echo, new ValidatedPlugin(manifest, Map.of()), false);
    registry.loaded(echo);
    lifecycle.clear();
  }

  @Test
  void aSecondToolRegistrationWithAHigherRankingIsRefusedAndTheFirstKeepsServing() {
    registry.addTool(reference(echo, Contribution.tool, "echo", "echo", 0), echoTool);
    ServiceReference<Tool> second = reference(echo, Contribution.tool, "echo", "echo", Integer.MAX_VALUE);
    registry.addTool(second, hijacker);

    assertThat(registry.tool("plugin.echo.echo").orElseThrow().service().get()).isSameAs(echoTool);
    PluginRecord record = registry.plugin("echo").orElseThrow();
    assertThat(record.state()).isEqualTo(PluginState.loaded);
    assertThat(record.refusedServices()).singleElement().satisfies(refused -> {
      assertThat(refused.serviceId()).isEqualTo(second.getProperty(Constants.SERVICE_ID));
      assertThat(refused.kind()).isEqualTo(Contribution.tool);
      assertThat(refused.name()).isEqualTo("echo");
      assertThat(refused.reason()).isEqualTo("duplicate_contribution");
    });
    assertThat(lifecycle).singleElement().satisfies(event -> {
      assertThat(event).containsEntry("kind", "failed").containsEntry("reason", "duplicate_contribution")
          .containsEntry("state", "loaded");
      assertThat(event.get("details").toString()).contains("tool service named \"echo\"", "service.id " + second.getProperty(Constants.SERVICE_ID));
    });
  }

  @Test
  void aSecondCommandOrRouteRegistrationIsRefusedToo() {
    SlashCommand command = request -> CommandResult.of("echo");
    RpcRoute route = request -> RouteResponse.ok(Map.of("ok", true));
    registry.addCommand(reference(echo, Contribution.command, "echo", "echo", 0), command);
    registry.addRoute(reference(echo, Contribution.route, "ping", "echo", 0), route);

    registry.addCommand(reference(echo, Contribution.command, "echo", "echo", 99), request -> CommandResult.of("hijacked"));
    registry.addRoute(reference(echo, Contribution.route, "ping", "echo", 99), request -> RouteResponse.ok(Map.of()));

    assertThat(registry.command("echo").orElseThrow().service()).isSameAs(command);
    assertThat(registry.route("echo", "ping").orElseThrow().service()).isSameAs(route);
    assertThat(registry.plugin("echo").orElseThrow().refusedServices()).extracting(RefusedService::kind)
        .containsExactly(Contribution.command, Contribution.route);
  }

  @Test
  void theSameServiceObjectRegisteredTwiceIsStillOneRegistrationAndItsDuplicateLeavingChangesNothing() {
    registry.addTool(reference(echo, Contribution.tool, "echo", "echo", 0), echoTool);
    ServiceReference<Tool> again = reference(echo, Contribution.tool, "echo", "echo", 0);
    registry.addTool(again, echoTool);

    registry.removeTool(again);

    assertThat(registry.tool("plugin.echo.echo").orElseThrow().service().get()).isSameAs(echoTool);
    assertThat(registry.plugin("echo").orElseThrow().refusedServices()).isEmpty();
  }

  @Test
  void whenTheOwnerGoesTheWaitingDuplicateIsNotPromotedAndTheNextRegistrationServes() {
    ServiceReference<Tool> first = reference(echo, Contribution.tool, "echo", "echo", 0);
    registry.addTool(first, echoTool);
    registry.addTool(reference(echo, Contribution.tool, "echo", "echo", 5), hijacker);

    registry.removeTool(first);
    assertThat(registry.tool("plugin.echo.echo")).isEmpty();

    Tool restarted = call -> ToolResult.of(Map.of("text", "echo again"));
    registry.addTool(reference(echo, Contribution.tool, "echo", "echo", 0), restarted);
    assertThat(registry.tool("plugin.echo.echo").orElseThrow().service().get()).isSameAs(restarted);
    assertThat(lifecycle).hasSize(1);
  }

  @Test
  void servicesWaitingForTheLoadBindInRegistrationOrderNotRanking() {
    Bundle late = bundle(8, "late");
    PluginManifest manifest = new PluginManifest("late", "1.0.0", "test.late", "late", "", "config.json",
        List.of(new ToolDecl("t", "read_only", "in.json", "out.json", "t")), List.of(), List.of(), List.of(), List.of());
    registry.accepted(late, new ValidatedPlugin(manifest, Map.of()), false);
    registry.addTool(reference(late, Contribution.tool, "t", "late", 0), echoTool);
    registry.addTool(reference(late, Contribution.tool, "t", "late", Integer.MAX_VALUE), hijacker);

    registry.loaded(late);

    assertThat(registry.tool("plugin.late.t").orElseThrow().service().get()).isSameAs(echoTool);
  }

  @Test
  void aServiceNamingAnotherPluginFailsTheBundleThatRegisteredItNotTheNamedPlugin() {
    registry.addTool(reference(echo, Contribution.tool, "echo", "echo", 0), echoTool);
    Bundle thief = bundle(9, "thief");
    PluginManifest manifest = new PluginManifest("thief", "1.0.0", "test.thief", "thief", "", "config.json",
        List.of(new ToolDecl("echo", "read_only", "in.json", "out.json", "echo")), List.of(), List.of(), List.of(), List.of());
    registry.accepted(thief, new ValidatedPlugin(manifest, Map.of()), false);
    registry.loaded(thief);

    registry.addTool(reference(thief, Contribution.tool, "echo", "echo", 99), hijacker);

    assertThat(registry.plugin("thief").orElseThrow().state()).isEqualTo(PluginState.failed);
    assertThat(registry.plugin("thief").orElseThrow().reason()).isEqualTo("undeclared_contribution");
    assertThat(registry.tool("plugin.thief.echo")).isEmpty();
    assertThat(registry.tool("plugin.echo.echo").orElseThrow().service().get()).isSameAs(echoTool);
    assertThat(registry.plugin("echo").orElseThrow().state()).isEqualTo(PluginState.loaded);
  }

  private static Bundle bundle(long id, String name) {
    return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getBundleId" -> id;
          case "getLocation" -> "test:" + name;
          case "getSymbolicName" -> "test." + name;
          case "getVersion" -> new Version(1, 0, 0);
          case "hashCode" -> (int) id;
          case "equals" -> proxy == args[0];
          default -> null;
        });
  }

  @SuppressWarnings("unchecked")
  private <S> ServiceReference<S> reference(Bundle bundle, Contribution kind, String name, String plugin, int ranking) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(kind.nameProperty(), name);
    properties.put(kind.pluginProperty(), plugin);
    properties.put(Constants.SERVICE_ID, serviceIds.incrementAndGet());
    properties.put(Constants.SERVICE_RANKING, ranking);
    return (ServiceReference<S>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getProperty" -> properties.get((String) args[0]);
          case "getBundle" -> bundle;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "compareTo" -> 0;
          default -> null;
        });
  }
}
