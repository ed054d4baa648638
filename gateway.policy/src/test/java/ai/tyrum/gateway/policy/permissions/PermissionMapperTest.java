package ai.tyrum.gateway.policy.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.spi.EgressEndpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionMapperTest {

  private static final Path DATA = Path.of("/srv/tyrum");
  private static final Map<String, List<EgressEndpoint>> CLASSES =
      Map.of("weather-api", List.of(new EgressEndpoint("api.weather.example", 443), new EgressEndpoint("*.tiles.example", 443)));

  private static final Set<String> SHARED = Set.of("org.osgi.service.event", "ai.tyrum.gateway.api");

  private static PluginBundle plugin(String location, String id, List<String> requested) {
    return new PluginBundle(location, id,
        Set.of("ai.tyrum.gateway.api", "org.osgi.framework", "ai.tyrum.gateway.spi", "ai.tyrum.gateway.core.registry"),
        Set.of("osgi.extender", "osgi.ee", "tyrum.gateway", "osgi.wiring.package"),
        Set.of("tyrum.plugin", "osgi.service", "tyrum.tool", "osgi.identity", "osgi.wiring.bundle"),
        Set.of("ai.tyrum.plugin.weather.WeatherTool", "ai.tyrum.plugin.weather.internal.Forecasts", "Stray",
            "org.osgi.service.event.EventHandler", "ai.tyrum.gateway.spi.GatewayEvents"),
        requested);
  }

  private static List<String> encoded(List<PermissionRow> rows) {
    return rows.stream().map(PermissionRow::encoded).toList();
  }

  @Test
  void theRunSetHoldsEverythingAndTheLastRowDeniesEverythingElse() {
    List<PermissionRow> rows = PermissionMapper.rows(List.of(), Map.of(), Map.of(), SHARED, DATA);

    assertThat(encoded(rows)).containsExactly(
        "ALLOW { [org.osgi.service.condpermadmin.BundleLocationCondition \"tyrum:bundles/*\"] (java.security.AllPermission) } \"tyrum.run-set\"",
        "DENY { (java.security.AllPermission) } \"tyrum.deny\"");
  }

  @Test
  void aPluginWithoutGrantsGetsWhatDsAndItsApiImportsNeedAndNothingElse() {
    List<PermissionRow> rows = PermissionMapper.rows(List.of(plugin("tyrum:plugin:weather", "weather", List.of())), Map.of(), CLASSES, SHARED, DATA);

    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).encoded()).isEqualTo("ALLOW { [org.osgi.service.condpermadmin.BundleLocationCondition \"tyrum:plugin:weather\"]"
        + " (org.osgi.framework.PackagePermission \"java.*\" \"import\")"
        + " (org.osgi.framework.PackagePermission \"ai.tyrum.gateway.api\" \"import\")"
        + " (org.osgi.framework.PackagePermission \"org.osgi.framework\" \"import\")"
        + " (org.osgi.framework.CapabilityPermission \"osgi.ee\" \"require\")"
        + " (org.osgi.framework.CapabilityPermission \"osgi.extender\" \"require\")"
        + " (org.osgi.framework.CapabilityPermission \"tyrum.gateway\" \"require\")"
        + " (org.osgi.framework.CapabilityPermission \"osgi.service\" \"provide\")"
        + " (org.osgi.framework.CapabilityPermission \"tyrum.plugin\" \"provide\")"
        + " (org.osgi.framework.CapabilityPermission \"tyrum.tool\" \"provide\")"
        + " (org.osgi.framework.ServicePermission \"org.osgi.service.condition.Condition\" \"get\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.gateway.api.Egress\" \"get\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.gateway.api.Secrets\" \"get\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.gateway.api.PrivateStore\" \"get\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.gateway.api.PluginFiles\" \"get\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.gateway.api.ToolCaller\" \"get\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.gateway.api.Tool\" \"register\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.gateway.api.SlashCommand\" \"register\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.gateway.api.RpcRoute\" \"register\")"
        + " (org.osgi.framework.ServicePermission \"Stray\" \"get,register\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.plugin.weather.WeatherTool\" \"get,register\")"
        + " (org.osgi.framework.ServicePermission \"ai.tyrum.plugin.weather.internal.Forecasts\" \"get,register\")"
        + " } \"tyrum.plugin:tyrum:plugin:weather\"");
    assertThat(rows.get(1).encoded()).as("the gateway's types and a copy of an exported package's")
        .doesNotContain("ai.tyrum.gateway.spi", "gateway.core", "EventHandler", "SocketPermission", "FilePermission");
  }

  @Test
  void grantsMapToSocketsAndFilesOfThePluginsOwnFolder() {
    List<String> requested = List.of("network.egress:db.example:5432", "network.egress:class:weather-api", "fs.read:inbox",
        "fs.write:out/reports", "db:plugin", "secrets.read:weather", "tools.call:plugin.echo.echo");
    List<PermissionRow> rows = PermissionMapper.rows(List.of(plugin("tyrum:plugin:weather", "weather", requested)),
        Map.of("weather", requested), CLASSES, SHARED, DATA);

    assertThat(rows.get(1).encoded())
        .contains("(java.net.SocketPermission \"db.example:5432\" \"connect,resolve\")")
        .contains("(java.net.SocketPermission \"api.weather.example:443\" \"connect,resolve\")")
        .contains("(java.net.SocketPermission \"*.tiles.example:443\" \"connect,resolve\")")
        .contains("(java.io.FilePermission \"/srv/tyrum/plugin-data/weather/files/inbox\" \"read\")")
        .contains("(java.io.FilePermission \"/srv/tyrum/plugin-data/weather/files/inbox/-\" \"read\")")
        .contains("(java.io.FilePermission \"/srv/tyrum/plugin-data/weather/files/out/reports/-\" \"read,write,delete\")")
        .doesNotContain("secrets", "plugin.echo", "store");
  }

  @Test
  void aGrantTheManifestDoesNotRequestOrAnUnknownClassMapsToNothing() {
    List<PermissionRow> rows = PermissionMapper.rows(List.of(plugin("tyrum:plugin:weather", "weather", List.of("fs.read:inbox"))),
        Map.of("weather", List.of("fs.read:inbox", "fs.write:inbox", "network.egress:class:missing", "teleport:anywhere")),
        CLASSES, SHARED, DATA);

    assertThat(rows.get(1).encoded()).contains("files/inbox\" \"read\")").doesNotContain("write", "Socket");
    assertThat(PermissionMapper.javaPermissions("weather", "network.egress:class:missing", CLASSES, DATA)).isEmpty();
    assertThat(PermissionMapper.javaPermissions("weather", "teleport:anywhere", CLASSES, DATA)).isEmpty();
    assertThat(PermissionMapper.javaPermissions("weather", "no-colon", CLASSES, DATA)).isEmpty();
  }

  @Test
  void aFolderThatWouldLeaveFilesGetsNothing() {
    assertThat(PermissionMapper.javaPermissions("weather", "fs.read:../../other/files", CLASSES, DATA)).isEmpty();
    assertThat(PermissionMapper.javaPermissions("weather", "fs.write:/etc", CLASSES, DATA)).isEmpty();
    assertThat(PermissionMapper.javaPermissions("", "fs.read:inbox", CLASSES, DATA)).isEmpty();
  }

  @Test
  void rowsAreKeyedOnTheActualLocationWithWildcardsEscapedAndOrderedByLocation() {
    List<PermissionRow> rows = PermissionMapper.rows(
        List.of(plugin("tyrum:plugin:b", "b", List.of()), plugin("file:/opt/x(1)*\\y.jar", "a", List.of())), Map.of(), Map.of(), SHARED, DATA);

    assertThat(rows.stream().map(PermissionRow::name)).containsExactly(
        "tyrum.run-set", "tyrum.plugin:file:/opt/x(1)*\\y.jar", "tyrum.plugin:tyrum:plugin:b", "tyrum.deny");
    assertThat(rows.get(1).conditions().get(0).getArgs()).containsExactly("file:/opt/x\\(1\\)\\*\\\\y.jar");
    assertThat(PermissionMapper.escape("tyrum:plugin:echo")).isEqualTo("tyrum:plugin:echo");
  }

  @Test
  void theSameInputsGiveTheSameRows() {
    List<String> requested = List.of("fs.read:inbox", "network.egress:class:weather-api");
    List<PluginBundle> plugins = List.of(plugin("tyrum:plugin:weather", "weather", requested), plugin("tyrum:plugin:echo", "echo", List.of()));

    assertThat(encoded(PermissionMapper.rows(plugins, Map.of("weather", requested), CLASSES, SHARED, DATA)))
        .isEqualTo(encoded(PermissionMapper.rows(List.of(plugins.get(1), plugins.get(0)),
            Map.of("weather", List.of(requested.get(1), requested.get(0))), CLASSES, SHARED, DATA)));
  }
}
