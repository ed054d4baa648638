package ai.tyrum.gateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks the whole route table: every {@link ApiResource} of this package, found by its class file so
 * that a new resource is walked without being listed here.
 */
class RouteTableTest {

  private static List<ApiResource> resources;
  private static List<Route> table;

  @BeforeAll
  static void readEveryResource() throws Exception {
    resources = everyResource();
    RouteTable routeTable = new RouteTable();
    resources.forEach(routeTable::addResource);
    table = routeTable.routes().routes();
  }

  @Test
  void everyRouteStatesWhoMayCallIt() {
    assertThat(table).isNotEmpty().allSatisfy(route -> {
      assertThat(route.access()).as("access of %s", route).isNotNull();
      if (route.access() instanceof Access.Scope scope) {
        assertThat(scope.name()).as("scope of %s", route).isNotBlank();
      }
    });
  }

  @Test
  void onlyHealthzIsPublic() {
    assertThat(table.stream().filter(route -> route.access() instanceof Access.Public).map(Route::toString))
        .containsExactly("GET /healthz");
  }

  @Test
  void onlyPluginRoutesTakeTheScopeTheyDeclare() {
    assertThat(table.stream().filter(route -> route.access() instanceof Access.Declared).map(Route::toString))
        .containsExactly("* /plugins/{id}/rpc/{path+}");
  }

  @Test
  void everyPluginOperationAndMarketplaceRouteNeedsOperatorAdmin() {
    assertThat(table.stream().filter(route -> route.toString().contains("/marketplace/")
            || route.toString().matches("(POST|DELETE) /plugins/(install|\\{id\\}(/(upgrade|enable|disable|grant|revoke))?)")))
        .hasSize(10)
        .allSatisfy(route -> assertThat(route.access()).as("access of %s", route).isEqualTo(Access.OPERATOR_ADMIN));
  }

  @Test
  void noTwoRoutesShareAMethodAndTemplate() {
    Set<String> seen = new HashSet<>();
    assertThat(table).allSatisfy(route -> assertThat(seen.add(route.toString())).as("%s is unique", route).isTrue());
    assertThat(table).hasSize(resources.stream().mapToInt(resource -> resource.routes().size()).sum());
  }

  @Test
  void tableIsTheApiOfDesignSectionSeven() {
    assertThat(table.stream().map(route -> route + " " + scope(route)))
        .containsExactlyInAnyOrder(
            "GET /healthz public",
            "GET /status operator.read",
            "GET /plugins operator.read",
            "GET /plugins/{id} operator.read",
            "GET /plugins/{id}/config operator.read",
            "PUT /plugins/{id}/config operator.write",
            "GET /plugins/{id}/config/schema operator.read",
            "* /plugins/{id}/rpc/{path+} declared",
            "GET /tools operator.read",
            "POST /tools/{toolId}/invoke tools.invoke",
            "POST /commands/execute tools.invoke",
            "* /mcp tools.invoke",
            "GET /approvals operator.read",
            "POST /approvals/{id}/approve operator.write",
            "POST /approvals/{id}/deny operator.write",
            "GET /events operator.read",
            "GET /audit/verify operator.read",
            "GET /export operator.read",
            "POST /plugins/install operator.admin",
            "POST /plugins/{id}/upgrade operator.admin",
            "DELETE /plugins/{id} operator.admin",
            "POST /plugins/{id}/enable operator.admin",
            "POST /plugins/{id}/disable operator.admin",
            "POST /plugins/{id}/grant operator.admin",
            "POST /plugins/{id}/revoke operator.admin",
            "GET /marketplace/search operator.admin",
            "GET /marketplace/plugins/{id} operator.admin",
            "GET /marketplace/verify operator.admin",
            "GET /tokens operator.admin",
            "POST /tokens operator.admin",
            "DELETE /tokens/{id} operator.admin",
            "GET /secrets operator.admin",
            "PUT /secrets/{scope}/{name} operator.admin",
            "DELETE /secrets/{scope}/{name} operator.admin",
            "GET /mcp/servers operator.read",
            "GET /mcp/servers/{plugin}/{server} operator.read",
            "POST /mcp/servers/{plugin}/{server}/restart operator.admin",
            "POST /mcp/servers/{plugin}/{server}/approve operator.admin");
  }

  @Test
  void theAgentsMcpEndpointIsOneRouteForToolsInvokeAndNoOperatorRouteShadowsIt() {
    // the route only checks the token; the endpoint's own servlet (exact pattern /mcp) serves it
    assertThat(table.stream().filter(route -> route.template().toString().equals(McpResource.PATH)).map(RouteTableTest::scope))
        .containsExactly("tools.invoke");
    assertThat(table.stream().map(route -> route.template().toString())).noneMatch(template -> template.startsWith("/mcp/{"));
  }

  @Test
  void everyResourceOfThePackageIsWalked() {
    assertThat(resources).extracting(resource -> resource.getClass().getSimpleName())
        .contains("StatusResource", "PluginsResource", "ToolsResource", "CommandsResource", "ApprovalsResource",
            "ConfigResource", "AuditResource", "ExportResource", "PluginRoutesResource", "PluginOperationsResource",
            "MarketplaceResource", "TokensResource", "SecretsResource", "McpResource", "McpApproveResource");
  }

  private static String scope(Route route) {
    if (route.access() instanceof Access.Scope scope) {
      return scope.name();
    }
    return route.access() instanceof Access.Public ? "public" : "declared";
  }

  private static List<ApiResource> everyResource() throws Exception {
    Path folder = Path.of(ApiResource.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(ApiResource.class.getPackageName().replace('.', '/'));
    List<ApiResource> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> type = Class.forName(ApiResource.class.getPackageName() + "." + name.substring(0, name.length() - 6));
        if (ApiResource.class.isAssignableFrom(type) && !type.isInterface()) {
          found.add((ApiResource) type.getConstructor().newInstance());
        }
      }
    }
    return found;
  }
}
