package ai.tyrum.gateway.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceRulesTest {

  private static final long CORE = 5;
  private static final long HTTP = 3;
  private static final long SYSTEM = 0;
  private static final long ECHO = 20;
  private static final long ATTACKER = 21;

  private static final BundleKind ECHO_PLUGIN = BundleKind.plugin(Set.of("echo"), Set.of("echo"), Set.of("ping"));
  private static final BundleKind ATTACKER_PLUGIN = BundleKind.plugin(Set.of("attack"), Set.of(), Set.of());

  private static final FakeReference ECHO_TOOL = FakeReference.of(ServiceRules.TOOL).with(ServiceRules.TOOL_NAME, "echo");
  private static final FakeReference SERVLET = FakeReference.of("jakarta.servlet.Servlet")
      .with("osgi.http.whiteboard.servlet.pattern", "/events");

  // --- what plugins see ---------------------------------------------------------------------------

  @Test
  void aPluginDoesNotSeeTheGatewaysOwnServices() {
    for (String type : new String[] {
        "ai.tyrum.gateway.spi.GatewayEvents", "org.osgi.service.servlet.runtime.HttpServiceRuntime",
        "org.osgi.service.cm.ConfigurationAdmin", "org.osgi.service.event.EventAdmin",
        "org.osgi.framework.hooks.service.FindHook", "org.osgi.service.component.runtime.ServiceComponentRuntime",
        "org.apache.felix.service.command.CommandProcessor", "jakarta.servlet.Servlet", "java.lang.Object"}) {
      FakeReference service = FakeReference.of(type);
      assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, CORE, BundleKind.GATEWAY, service)).as(type).isFalse();
      assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, HTTP, BundleKind.RUNTIME, service)).as(type).isFalse();
    }
  }

  @Test
  void aPluginDoesNotSeeAServiceThatIsAlsoRegisteredUnderAHiddenType() {
    FakeReference service = FakeReference.of("ai.tyrum.gateway.api.Host", "ai.tyrum.gateway.spi.GatewayEvents");
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, CORE, BundleKind.GATEWAY, service)).isFalse();
  }

  @Test
  void aPluginSeesThePluginApiServicesTheGatewayRegistersButNoToolsCommandsOrRoutes() {
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, CORE, BundleKind.GATEWAY, FakeReference.of("ai.tyrum.gateway.api.Host")))
        .isTrue();
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, CORE, BundleKind.GATEWAY, FakeReference.of(ServiceRules.TOOL)))
        .isFalse();
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, CORE, BundleKind.GATEWAY, FakeReference.of("ai.tyrum.gateway.api.sub.Host")))
        .isFalse();
  }

  @Test
  void aPluginApiTypeRegisteredByAnotherRunSetBundleIsNotAHostService() {
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, HTTP, BundleKind.RUNTIME, FakeReference.of("ai.tyrum.gateway.api.Host")))
        .isFalse();
  }

  @Test
  void aPluginSeesTheTrueConditionDeclarativeServicesNeedsAndTheLogService() {
    FakeReference condition = FakeReference.of(ServiceRules.CONDITION).with(ServiceRules.CONDITION_ID, "true");
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, SYSTEM, BundleKind.RUNTIME, condition)).isTrue();
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, SYSTEM, BundleKind.RUNTIME,
        FakeReference.of(ServiceRules.CONDITION).with(ServiceRules.CONDITION_ID, "gateway.ready"))).isFalse();
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, HTTP, BundleKind.RUNTIME, FakeReference.of("org.osgi.service.log.LoggerFactory")))
        .isTrue();
  }

  @Test
  void aPluginSeesItsOwnServicesOfAnyTypeButNoOtherPlugins() {
    FakeReference notebook = FakeReference.of("ai.tyrum.plugin.notes.NoteBook");
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, ECHO, ECHO_PLUGIN, notebook)).isTrue();
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, ECHO, ECHO_PLUGIN, SERVLET)).isTrue();
    assertThat(ServiceRules.visible(ATTACKER, ATTACKER_PLUGIN, ECHO, ECHO_PLUGIN, ECHO_TOOL)).isFalse();
    assertThat(ServiceRules.visible(ATTACKER, ATTACKER_PLUGIN, ECHO, ECHO_PLUGIN, notebook)).isFalse();
  }

  // --- what the gateway and the run set see of plugins ------------------------------------------------

  @Test
  void theGatewaySeesAContributionThePluginDeclares() {
    assertThat(ServiceRules.visible(CORE, BundleKind.GATEWAY, ECHO, ECHO_PLUGIN, ECHO_TOOL)).isTrue();
    assertThat(ServiceRules.visible(CORE, BundleKind.GATEWAY, ECHO, ECHO_PLUGIN,
        FakeReference.of(ServiceRules.COMMAND).with(ServiceRules.COMMAND_NAME, "echo"))).isTrue();
    assertThat(ServiceRules.visible(CORE, BundleKind.GATEWAY, ECHO, ECHO_PLUGIN,
        FakeReference.of(ServiceRules.ROUTE).with(ServiceRules.ROUTE_PATH, "ping"))).isTrue();
  }

  @Test
  void onlyTheGatewaySeesAContributionUnderAnotherPluginsNameOrANameNotDeclared() {
    FakeReference hidden = FakeReference.of(ServiceRules.TOOL).with(ServiceRules.TOOL_NAME, "hidden");
    FakeReference routeNamedLikeATool = FakeReference.of(ServiceRules.ROUTE).with(ServiceRules.ROUTE_PATH, "echo");
    for (FakeReference service : List.of(ECHO_TOOL, hidden, FakeReference.of(ServiceRules.TOOL), routeNamedLikeATool)) {
      long provider = service == ECHO_TOOL ? ATTACKER : ECHO;
      BundleKind kind = service == ECHO_TOOL ? ATTACKER_PLUGIN : ECHO_PLUGIN;
      // the registry judges it (undeclared_contribution, foreign_registration, duplicate_contribution) and never binds it
      assertThat(ServiceRules.visible(CORE, BundleKind.GATEWAY, provider, kind, service)).as(service.toString()).isTrue();
      // the rest of the run set (Felix HTTP, Gogo, SCR) never sees it
      assertThat(ServiceRules.visible(HTTP, BundleKind.RUNTIME, provider, kind, service)).as(service.toString()).isFalse();
    }
  }

  @Test
  void noBundleButThePluginSeesAnythingElseItRegisters() {
    FakeReference both = FakeReference.of(ServiceRules.TOOL, "jakarta.servlet.Servlet").with(ServiceRules.TOOL_NAME, "echo");
    for (FakeReference service : new FakeReference[] {SERVLET, both, FakeReference.of("org.osgi.service.event.EventHandler"),
        FakeReference.of("ai.tyrum.gateway.spi.GatewayEvents"), FakeReference.of("org.osgi.framework.hooks.service.FindHook"),
        FakeReference.of("java.lang.Object").with("osgi.command.scope", "gateway")}) {
      assertThat(ServiceRules.visible(CORE, BundleKind.GATEWAY, ECHO, ECHO_PLUGIN, service)).isFalse();
      assertThat(ServiceRules.visible(HTTP, BundleKind.RUNTIME, ECHO, ECHO_PLUGIN, service)).isFalse();
      assertThat(ServiceRules.visible(SYSTEM, BundleKind.RUNTIME, ECHO, ECHO_PLUGIN, service)).isFalse();
    }
  }

  @Test
  void theGatewayAndTheRunSetSeeEachOther() {
    assertThat(ServiceRules.visible(CORE, BundleKind.GATEWAY, HTTP, BundleKind.RUNTIME, SERVLET)).isTrue();
    assertThat(ServiceRules.visible(HTTP, BundleKind.RUNTIME, CORE, BundleKind.GATEWAY, SERVLET)).isTrue();
  }

  // --- refusals -------------------------------------------------------------------------------------

  @Test
  void aDeclaredContributionIsNotRefused() {
    assertThat(ServiceRules.refusal(ECHO_PLUGIN, ECHO_TOOL, type -> false)).isEmpty();
  }

  @Test
  void aContributionNotDeclaredIsTheRegistrysToRefuseUnlessItAlsoOffersAnotherType() {
    // the registry records undeclared_contribution, or foreign_registration when another bundle's class borrowed the context
    assertThat(ServiceRules.refusal(ATTACKER_PLUGIN, ECHO_TOOL, type -> false)).isEmpty();
    FakeReference toolAndServlet = FakeReference.of(ServiceRules.TOOL, "jakarta.servlet.Servlet").with(ServiceRules.TOOL_NAME, "attack");
    assertThat(ServiceRules.refusal(ATTACKER_PLUGIN, toolAndServlet, type -> false)).contains("undeclared_contribution");
  }

  @Test
  void aServiceOfSomeoneElsesTypeIsRefusedAsUndeclaredService() {
    assertThat(ServiceRules.refusal(ECHO_PLUGIN, SERVLET, type -> false)).contains("undeclared_service");
    assertThat(ServiceRules.refusal(ECHO_PLUGIN, FakeReference.of("ai.tyrum.plugin.echo.Own", "org.osgi.service.event.EventHandler"),
        type -> type.startsWith("ai.tyrum.plugin.echo."))).contains("undeclared_service");
  }

  @Test
  void aServiceOfTheBundlesOwnTypeIsItsOwnBusiness() {
    assertThat(ServiceRules.refusal(ECHO_PLUGIN, FakeReference.of("ai.tyrum.plugin.notes.NoteBook"), type -> true)).isEmpty();
  }

  @Test
  void theManagedServiceWithoutAPidThatScrRegistersForAPluginIsNotRefusedButAManagedServiceIs() {
    FakeReference marker = FakeReference.of(ServiceRules.MANAGED_SERVICE);
    assertThat(ServiceRules.refusal(ECHO_PLUGIN, marker, type -> false)).isEmpty();
    assertThat(ServiceRules.visible(CORE, BundleKind.GATEWAY, ECHO, ECHO_PLUGIN, marker)).isFalse();
    assertThat(ServiceRules.refusal(ECHO_PLUGIN, marker.with("service.pid", "tyrum.plugin.notes"), type -> false))
        .contains("undeclared_service");
  }

  @Test
  void configurationAdminIsHiddenFromPluginsAndKnownForWhatScrNeeds() {
    FakeReference admin = FakeReference.of(ServiceRules.CONFIGURATION_ADMIN);
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, HTTP, BundleKind.RUNTIME, admin)).isFalse();
    assertThat(ServiceRules.configurationAdmin(BundleKind.RUNTIME, admin)).isTrue();
    assertThat(ServiceRules.configurationAdmin(ATTACKER_PLUGIN, admin)).isFalse();
    assertThat(ServiceRules.configurationAdmin(BundleKind.RUNTIME,
        FakeReference.of(ServiceRules.CONFIGURATION_ADMIN, "ai.tyrum.gateway.spi.GatewayEvents"))).isFalse();
  }

  @Test
  void aFrameworkHookIsRefusedWhoeverDefinesItsType() {
    assertThat(ServiceRules.refusal(ECHO_PLUGIN, FakeReference.of("org.osgi.framework.hooks.service.FindHook"), type -> true))
        .contains("undeclared_service");
  }

  @Test
  void aFrameworkHookIsKnownAsOne() {
    assertThat(ServiceRules.frameworkHook(FakeReference.of("org.osgi.framework.hooks.weaving.WeavingHook"))).isTrue();
    assertThat(ServiceRules.frameworkHook(FakeReference.of("org.osgi.framework.hooks.service.EventListenerHook"))).isTrue();
    assertThat(ServiceRules.frameworkHook(SERVLET)).isFalse();
  }

  @Test
  void aServiceWithoutTypesIsHiddenFromEveryoneElse() {
    FakeReference none = new FakeReference(java.util.Map.of());
    assertThat(ServiceRules.visible(CORE, BundleKind.GATEWAY, ECHO, ECHO_PLUGIN, none)).isFalse();
    assertThat(ServiceRules.visible(ECHO, ECHO_PLUGIN, CORE, BundleKind.GATEWAY, none)).isFalse();
  }
}
