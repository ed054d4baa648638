package ai.tyrum.gateway.core.manifest;

import ai.tyrum.gateway.spi.Permission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.lib.schema.Schemas;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Version;

class ManifestValidatorTest {

  private static ManifestValidator validator;

  @BeforeAll
  static void setUp() {
    validator =
        new ManifestValidator(new Schemas(), Map.of("tyrum.gateway", "api", "version", new Version(1, 0, 0)), () -> Set.of("tools.jackson.databind"));
  }

  private static ValidatedPlugin validate(TestJars jar) {
    return validator.validate(JarPluginSource.read(jar.bytes()));
  }

  private static String refusal(TestJars jar) {
    try {
      validate(jar);
    } catch (ManifestException e) {
      return e.reason();
    }
    throw new AssertionError("the manifest was accepted");
  }

  @Test
  void acceptsAValidPluginAndReadsEveryContribution() {
    ValidatedPlugin plugin = validate(TestJars.echo());
    PluginManifest manifest = plugin.manifest();
    assertThat(manifest.id()).isEqualTo("echo");
    assertThat(manifest.version()).isEqualTo("1.0.0");
    assertThat(manifest.bundle()).isEqualTo("ai.tyrum.plugin.echo");
    assertThat(manifest.toolId("echo")).isEqualTo("plugin.echo.echo");
    assertThat(manifest.commands()).extracting(PluginManifest.CommandDecl::name).containsExactly("echo");
    assertThat(manifest.routes().get(0).methods()).containsExactly("GET");
    assertThat(plugin.schemas()).containsKeys("schemas/config.json", "schemas/in.json", "schemas/out.json");
  }

  @Test
  void refusesPluginIdThatIsNotLowerCaseDashed() {
    assertThat(refusal(TestJars.echo().replaceInHeader("Provide-Capability", "tyrum.plugin=echo", "tyrum.plugin=\"Bad_ID!\"")))
        .isEqualTo("invalid_plugin_id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"version:Version=\"1.0.0.a.b\"", "size:Long=99999999999999999999", "ratio:Double=x",
      "names:List<=\"a\"", "versions:List<Version>=\"1.0,not-a-version\""})
  void refusesTypedAttributeWhoseValueIsNotOfItsTypeAsAManifestFault(String attribute) {
    TestJars jar = TestJars.echo().replaceInHeader("Provide-Capability", "name=Echo", "name=Echo;" + attribute);
    ManifestException refused = catchManifestException(() -> validate(jar));
    assertThat(refused.reason()).isEqualTo("invalid_header");
    assertThat(refused.details().get(0)).contains(attribute.substring(0, attribute.indexOf('=')));
  }

  @ParameterizedTest
  @ValueSource(strings = {";", "", " ;singleton:=true"})
  void refusesEmptySymbolicNameAsAManifestFault(String symbolicName) {
    ManifestException refused =
        catchManifestException(() -> validate(TestJars.echo().header("Bundle-SymbolicName", symbolicName)));
    assertThat(refused.faults()).extracting(ManifestFault::reason).contains("missing_symbolic_name");
  }

  @Test
  void refusesApiRequirementFilterNestedDeepEnoughToOverflowTheParser() {
    String deep = "(&".repeat(5000) + "(tyrum.gateway=api)" + ")".repeat(5000);
    TestJars jar = TestJars.echo().replaceInHeader("Require-Capability", "(&(tyrum.gateway=api)(version>=1.0)(!(version>=2.0)))", deep);
    ManifestException refused = catchManifestException(() -> validate(jar));
    assertThat(refused.reason()).isEqualTo("api_major_mismatch");
    assertThat(refused.details().get(0)).contains("nests more than 32 levels");
  }

  private static ManifestException catchManifestException(Runnable action) {
    try {
      action.run();
    } catch (ManifestException e) {
      return e;
    }
    throw new AssertionError("the manifest was accepted");
  }

  @Test
  void refusesSchemaPathThatClimbsOutOfTheJar() {
    assertThat(refusal(TestJars.echo().replaceInHeader("Provide-Capability", "schemas/in.json", "../../../etc/passwd")))
        .isEqualTo("path_escape");
  }

  @Test
  void refusesAbsoluteAndUrlPaths() {
    assertThat(refusal(TestJars.echo().replaceInHeader("Provide-Capability", "schemas/in.json", "/etc/passwd")))
        .isEqualTo("path_escape");
    assertThat(refusal(TestJars.echo().replaceInHeader("Provide-Capability", "schemas/in.json", "file:/etc/passwd")))
        .isEqualTo("path_escape");
  }

  @Test
  void refusesMissingConfigSchema() {
    assertThat(refusal(TestJars.echo().without("schemas/config.json"))).isEqualTo("missing_schema");
  }

  @Test
  void refusesSchemaThatIsNotAJsonSchema() {
    assertThat(refusal(TestJars.echo().entry("schemas/config.json", "{\"type\":\"no-such-type\",\"properties\":[]}")))
        .isEqualTo("invalid_schema");
  }

  @Test
  void refusesSchemaThatIsNotJson() {
    assertThat(refusal(TestJars.echo().entry("schemas/in.json", "{not json"))).isEqualTo("invalid_schema");
  }

  @Test
  void refusesPluginBuiltForAnotherApiMajor() {
    assertThat(refusal(TestJars.echo().replaceInHeader("Require-Capability", "(version>=1.0)(!(version>=2.0))", "(version>=2.0)(!(version>=3.0))")))
        .isEqualTo("api_major_mismatch");
  }

  @Test
  void refusesPluginThatImportsTheGatewaySpi() {
    assertThat(refusal(TestJars.echo().header("Import-Package", "ai.tyrum.gateway.api,ai.tyrum.gateway.spi")))
        .isEqualTo("forbidden_import");
    assertThat(refusal(TestJars.echo().header("DynamicImport-Package", "*"))).isEqualTo("forbidden_import");
  }

  @Test
  void refusesContributionThatNamesAnotherPlugin() {
    assertThat(refusal(TestJars.echo().replaceInHeader("Provide-Capability", "tyrum.tool=echo;plugin=echo", "tyrum.tool=echo;plugin=other")))
        .isEqualTo("plugin_mismatch");
  }

  @Test
  void refusesUnknownEffectAndDuplicateTools() {
    assertThat(refusal(TestJars.echo().replaceInHeader("Provide-Capability", "effect=read_only;input", "effect=harmless;input")))
        .isEqualTo("invalid_contribution");
    TestJars twice = TestJars.echo();
    twice.replaceInHeader("Provide-Capability", "tyrum.command;", "tyrum.tool;tyrum.tool=echo;plugin=echo;effect=read_only;input.schema=\"schemas/in.json\";output.schema=\"schemas/out.json\",tyrum.command;");
    assertThat(refusal(twice)).isEqualTo("duplicate_contribution");
  }

  @Test
  void refusesFragmentsAndNativeCode() {
    assertThat(refusal(TestJars.echo().header("Fragment-Host", "gateway.core"))).isEqualTo("fragment_plugin");
    assertThat(refusal(TestJars.echo().header("Bundle-NativeCode", "lib/x.so"))).isEqualTo("native_code");
  }

  @Test
  void refusesPluginWithoutTheApiRequirement() {
    assertThat(refusal(TestJars.echo().header("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=tyrum.plugin)\"")))
        .isEqualTo("missing_api_requirement");
  }

  @Test
  void refusesDeclaredPluginVersionThatDiffersFromBundleVersion() {
    assertThat(refusal(TestJars.echo().replaceInHeader("Provide-Capability", "tyrum.plugin=echo;", "tyrum.plugin=echo;version:Version=2.0.0;")))
        .isEqualTo("version_mismatch");
  }

  @Test
  void refusesRoutePathThatEscapes() {
    assertThat(refusal(TestJars.echo().replaceInHeader("Provide-Capability", "tyrum.route=ping", "tyrum.route=\"../../status\"")))
        .isEqualTo("path_escape");
  }

  @Test
  void refusesUnknownPermissionClass() {
    TestJars jar = TestJars.echo();
    jar.replaceInHeader("Provide-Capability", "tyrum.route;", "tyrum.permission;tyrum.permission=root;plugin=echo;target=all;reason=x,tyrum.route;");
    assertThat(refusal(jar)).isEqualTo("invalid_permission");
  }

  /** The echo plugin, also requesting {@code permission} on {@code target}. */
  private static TestJars requesting(String permission, String target) {
    return TestJars.echo().replaceInHeader("Provide-Capability", "tyrum.route;",
        "tyrum.permission;tyrum.permission=" + permission + ";plugin=echo;target=\"" + target + "\";reason=x,tyrum.route;");
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("ai.tyrum.gateway.lib.egress.RefusedEndpoints#cases")
  void refusesNetworkEgressTargetThatTheEndpointParserRefuses(String target, String code) {
    assertThatThrownBy(() -> validate(requesting("network.egress", target)))
        .isInstanceOfSatisfying(ManifestException.class, e -> {
          assertThat(e.reason()).isEqualTo("invalid_permission");
          assertThat(e.faults()).singleElement().extracting(ManifestFault::detail).asString()
              .startsWith("tyrum.permission=\"network.egress\" target \"" + target + "\" is not valid, " + code + ": ")
              .endsWith("; write host:port, such as api.example.com:443, *.example.com:443, 192.0.2.10:8080 or [2001:db8::1]:443, "
                  + "or class:<name>, such as class:internal_db")
              .satisfies(detail -> assertThat(detail.split("write host:port", -1)).as("the advice is given once").hasSize(2));
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"class:", "class:Internal", "class:1db", "class:internal.db", "class:*", "class:internal_db:5432"})
  void refusesNetworkEgressClassTargetWhoseNameIsNotAClassName(String target) {
    assertThatThrownBy(() -> validate(requesting("network.egress", target)))
        .isInstanceOfSatisfying(ManifestException.class, e -> {
          assertThat(e.reason()).isEqualTo("invalid_permission");
          assertThat(e.faults()).singleElement().extracting(ManifestFault::detail).asString()
              .contains("target \"" + target + "\" is not valid, egress_class_name_invalid: ")
              .contains("the class name must be 1 to 63 of a-z, 0-9, '_' and '-', starting with a letter");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"api.example.com:443", "API.Example.com:8443", "*.example.com:443", "*.eu.cdn.example.com:443",
      "192.0.2.10:8080", "[2001:db8::1]:443", "[::ffff:192.0.2.1]:443", "localhost:65535",
      "class:internal_db", "class:weather-api", "class:a"})
  void acceptsNetworkEgressTargetOfEveryFormThePolicyCanDefine(String target) {
    assertThat(validate(requesting("network.egress", target)).manifest().permissions())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.permission()).isEqualTo(Permission.NETWORK_EGRESS);
          assertThat(p.target()).as("the target as the plugin's author wrote it").isEqualTo(target);
        });
  }

  @Test
  void reportsEveryFaultNotOnlyTheFirst() {
    TestJars jar = TestJars.echo().without("schemas/config.json");
    jar.replaceInHeader("Provide-Capability", "schemas/in.json", "../in.json");
    assertThatThrownBy(() -> validate(jar))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> assertThat(e.faults()).extracting(ManifestFault::reason).contains("missing_schema", "path_escape"));
  }

  @Test
  void refusesJarWithDuplicateEntries() {
    byte[] jar = TestJars.echo().bytes();
    // a jar listing MANIFEST.MF twice: the second copy could tell the framework something else
    byte[] doubled = DuplicateEntryJar.withManifestTwice(jar);
    assertThatThrownBy(() -> JarPluginSource.read(doubled))
        .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo("duplicate_manifest"));
  }

  @Test
  void refusesJarWhoseCentralDirectoryNamesAnotherManifest() {
    // local header says META-INF/MANIFEST.MF, the central directory (what the framework reads) says
    // META-INF/MANIFEST.MX: the framework would see no manifest at all, or another one
    byte[] jar = TestJars.echo().bytes();
    byte[] patched = DuplicateEntryJar.renameInCentralDirectory(jar, "META-INF/MANIFEST.MF", "META-INF/MANIFEST.MX");
    assertThatThrownBy(() -> JarPluginSource.read(patched))
        .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo("jar_entries_disagree"));
  }

  @Test
  void refusesClassPathEntryThatLeavesTheJar() {
    assertThat(refusal(TestJars.echo().header("Bundle-ClassPath", ".,../outside.jar"))).isEqualTo("classpath_escape");
    assertThat(refusal(TestJars.echo().header("Bundle-ClassPath", "/etc/passwd"))).isEqualTo("classpath_escape");
    assertThat(refusal(TestJars.echo().header("Bundle-ClassPath", ".,lib\\x.jar"))).isEqualTo("classpath_escape");
  }

  @Test
  void acceptsClassPathInsideTheJar() {
    assertThat(validate(TestJars.echo().header("Bundle-ClassPath", ".,lib/helper.jar;lib/other.jar")).manifest().id())
        .isEqualTo("echo");
  }

  @Test
  void refusesExportOfAGatewayPackage() {
    ManifestException refused = refusalOf(TestJars.echo().header("Export-Package", "ai.tyrum.gateway.spi;version=\"2.1.0\""));
    assertThat(refused.reason()).isEqualTo("exports_reserved_package");
    assertThat(refused.details().get(0)).contains("ai.tyrum.gateway.spi");
  }

  @Test
  void refusesExportOfAPackageTheRunSetExports() {
    ManifestException refused = refusalOf(TestJars.echo().header("Export-Package", "my.own;version=1,tools.jackson.databind"));
    assertThat(refused.reason()).isEqualTo("exports_reserved_package");
    assertThat(refused.details()).hasSize(1);
    assertThat(refused.details().get(0)).contains("tools.jackson.databind").contains("run set");
  }

  @Test
  void acceptsExportOfThePluginsOwnPackage() {
    assertThat(validate(TestJars.echo().header("Export-Package", "my.own.api;version=1.0")).manifest().id()).isEqualTo("echo");
  }

  @Test
  void refusesDynamicImportWildcards() {
    assertThat(refusalOf(TestJars.echo().header("DynamicImport-Package", "*")).faults())
        .extracting(ManifestFault::reason).containsExactly("forbidden_import", "dynamic_import_wildcard");
    assertThat(refusal(TestJars.echo().header("DynamicImport-Package", "org.example.*"))).isEqualTo("dynamic_import_wildcard");
    assertThat(refusal(TestJars.echo().header("DynamicImport-Package", "ai.tyrum.gateway.spi"))).isEqualTo("forbidden_import");
  }

  @Test
  void refusesPermissionWithoutReason() {
    TestJars jar = TestJars.echo().replaceInHeader("Provide-Capability", "tyrum.command;",
        "tyrum.permission;tyrum.permission=db;target=plugin;plugin=echo,tyrum.command;");
    ManifestException refused = refusalOf(jar);
    assertThat(refused.reason()).isEqualTo("permission_without_reason");
    assertThat(refused.details().get(0)).contains("tyrum.permission=\"db\"");
    assertThat(refusal(TestJars.echo().replaceInHeader("Provide-Capability", "tyrum.command;",
        "tyrum.permission;tyrum.permission=db;target=plugin;plugin=echo;reason=\"  \",tyrum.command;")))
        .isEqualTo("permission_without_reason");
  }

  @Test
  void acceptsPermissionWithReason() {
    TestJars jar = TestJars.echo().replaceInHeader("Provide-Capability", "tyrum.command;",
        "tyrum.permission;tyrum.permission=db;target=plugin;plugin=echo;reason=\"keeps notes\",tyrum.command;");
    assertThat(validate(jar).manifest().permissions()).hasSize(1);
  }

  private static ManifestException refusalOf(TestJars jar) {
    try {
      validate(jar);
    } catch (ManifestException e) {
      return e;
    }
    throw new AssertionError("the manifest was accepted");
  }

  @Test
  void aBundleThatDeclaresContributionsWithoutPluginIdentityIsAPluginToRefuse() {
    TestJars jar = TestJars.echo().replaceInHeader("Provide-Capability",
        "tyrum.plugin;tyrum.plugin=echo;name=Echo;config.schema=\"schemas/config.json\",", "");
    PluginSource source = JarPluginSource.read(jar.bytes());
    assertThat(ManifestValidator.isPlugin(source)).isTrue();
    assertThat(refusal(jar)).isEqualTo("not_a_plugin");
  }

  @Test
  void aBundleThatOnlyRequiresThePluginExtenderIsAPluginToRefuse() {
    TestJars jar = new TestJars().header("Bundle-SymbolicName", "only.requires")
        .header("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=tyrum.plugin)\"");
    assertThat(ManifestValidator.isPlugin(JarPluginSource.read(jar.bytes()))).isTrue();
    TestJars library = new TestJars().header("Bundle-SymbolicName", "a.library").header("Export-Package", "a.library");
    assertThat(ManifestValidator.isPlugin(JarPluginSource.read(library.bytes()))).isFalse();
  }

  private static TestJars withMcpServer(String definition, String permissions) {
    return TestJars.echo()
        .replaceInHeader("Provide-Capability", "scope=operator.read",
            "scope=operator.read,tyrum.mcp;tyrum.mcp=files;plugin=echo;definition=\"mcp/files.json\"" + permissions)
        .entry("mcp/files.json", definition);
  }

  @Test
  void readsTheMcpDefinitionIntoTheManifest() {
    String secrets = ",tyrum.permission;tyrum.permission=secrets.read;plugin=echo;target=files;reason=\"The server's token\"";
    PluginManifest manifest = validate(withMcpServer(
        "{\"transport\":\"stdio\",\"command\":\"files\",\"env\":{\"T\":\"${secret:files/token}\"}}", secrets)).manifest();

    assertThat(manifest.mcpServers()).singleElement().satisfies(server -> {
      assertThat(server.id()).isEqualTo("files");
      assertThat(server.server().command()).isEqualTo("files");
      assertThat(server.server().env()).containsEntry("T", "${secret:files/token}");
    });
  }

  @Test
  void refusesMcpDefinitionWithAnUnknownField() {
    ManifestException refused = catchManifestException(() -> validate(withMcpServer(
        "{\"transport\":\"stdio\",\"command\":\"files\",\"shell\":true}", "")));

    assertThat(refused.reason()).isEqualTo("invalid_mcp_definition");
    assertThat(refused.details().get(0)).contains("tyrum.mcp=\"files\"", "mcp/files.json", "field shell");
  }

  @Test
  void refusesMcpDefinitionReferencingASecretScopeThePluginDoesNotRequest() {
    ManifestException refused = catchManifestException(() -> validate(withMcpServer(
        "{\"transport\":\"stdio\",\"command\":\"files\",\"env\":{\"T\":\"${secret:other/token}\"}}", "")));

    assertThat(refused.reason()).isEqualTo("undeclared_secret");
    assertThat(refused.details().get(0)).contains("${secret:other/token}", "secrets.read on scope \"other\"");
  }
}
