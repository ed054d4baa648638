package ai.tyrum.gateway.core.manifest;

import ai.tyrum.gateway.spi.Permission;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.egress.EgressTarget;
import ai.tyrum.gateway.lib.egress.InvalidEgressException;
import ai.tyrum.gateway.core.manifest.PluginManifest.CommandDecl;
import ai.tyrum.gateway.core.manifest.PluginManifest.McpDecl;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.core.manifest.PluginManifest.RouteDecl;
import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.lib.schema.Schemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a plugin's manifest (DESIGN section 3) from its capabilities and jar entries, without loading
 * any of its classes: identity, API requirement, imports, every contribution, every path and every
 * schema. Collects every fault; the first one gives the refusal reason.
 */
public final class ManifestValidator {

  static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  static final Pattern TOOL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  static final Pattern COMMAND_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  static final Pattern ROUTE_PATH = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}(/[a-z0-9][a-z0-9._-]{0,62}){0,7}");
  static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  static final Set<String> EFFECTS = Set.of("read_only", "state_changing");
  static final int MAX_SCHEMA_BYTES = 1024 * 1024;
  /** The configuration PID of plugin {@code <id>} is this prefix and the id (ConfigAdminDelivery). */
  public static final String CONFIG_PID_PREFIX = "tyrum.plugin.";
  /** A real API requirement nests three levels; far more is an attack on the filter parser. */
  static final int MAX_FILTER_NESTING = 32;

  private static final JsonMapper JSON = Json.MAPPER;

  private final CompiledSchemas schemas;
  private final Map<String, Object> apiCapability;
  private final Supplier<Set<String>> runSetExports;

  /**
   * @param schemas the schema compiler
   * @param apiCapability the attributes of the {@code tyrum.gateway} capability this gateway provides
   * @param runSetExports the packages the framework and the gateway's run set export, asked at each check
   */
  public ManifestValidator(
      Schemas schemas, Map<String, Object> apiCapability, Supplier<Set<String>> runSetExports) {
    this.schemas = new CompiledSchemas(schemas, CompiledSchemas.DEFAULT_CAPACITY);
    this.apiCapability = Map.copyOf(apiCapability);
    this.runSetExports = runSetExports;
  }

  /** The namespaces only a plugin declares capabilities in. */
  static final List<String> PLUGIN_NAMESPACES =
      List.of("tyrum.plugin", "tyrum.tool", "tyrum.command", "tyrum.route", "tyrum.mcp", "tyrum.permission");

  /**
   * Whether {@code source} claims to be a plugin at all: it declares a capability in a plugin namespace or
   * requires this extender. One that claims it without a valid {@code tyrum.plugin} capability is refused
   * (and reported) rather than passed over as some other bundle.
   */
  public static boolean isPlugin(PluginSource source) {
    return PLUGIN_NAMESPACES.stream().anyMatch(namespace -> !source.capabilities(namespace).isEmpty())
        || source.requirementDirectives("osgi.extender").stream()
            .anyMatch(d -> d.getOrDefault("filter", "").contains("(osgi.extender=tyrum.plugin)"));
  }

  /**
   * Validates {@code source}.
   *
   * @return the manifest with its compiled schemas
   * @throws ManifestException listing every fault
   */
  public ValidatedPlugin validate(PluginSource source) {
    List<ManifestFault> faults = new ArrayList<>();
    List<Map<String, Object>> identity = source.capabilities("tyrum.plugin");
    if (identity.size() != 1) {
      throw new ManifestException(
          List.of(
              new ManifestFault(
                  identity.isEmpty() ? "not_a_plugin" : "multiple_plugin_capabilities",
                  "a plugin declares exactly one tyrum.plugin capability (found "
                      + identity.size()
                      + "); use @Plugin once")));
    }
    Map<String, Object> plugin = identity.get(0);
    String id = string(plugin, "tyrum.plugin");
    // -1 keeps the empty name of a header that is only ";" instead of splitting it into nothing
    String bundleName = source.header("Bundle-SymbolicName").map(s -> s.split(";", -1)[0].strip()).orElse("");
    String bundleVersion = source.header("Bundle-Version").orElse("0.0.0").strip();

    if (bundleName.isEmpty()) {
      faults.add(new ManifestFault("missing_symbolic_name", "a plugin names itself with Bundle-SymbolicName; the header is missing or empty"));
    }

    if (!PLUGIN_ID.matcher(id).matches()) {
      faults.add(
          new ManifestFault(
              "invalid_plugin_id",
              "tyrum.plugin=" + quote(id) + " must match [a-z][a-z0-9-]{0,62}"));
    }
    Object version = plugin.get("version");
    if (version != null && !sameVersion(version, bundleVersion)) {
      faults.add(
          new ManifestFault(
              "version_mismatch",
              "tyrum.plugin version " + version + " differs from Bundle-Version " + bundleVersion));
    }
    if (source.header("Fragment-Host").isPresent()) {
      faults.add(new ManifestFault("fragment_plugin", "a plugin must not be a fragment (Fragment-Host)"));
    }
    if (source.header("Bundle-NativeCode").isPresent()) {
      faults.add(new ManifestFault("native_code", "a plugin must not carry native code (Bundle-NativeCode)"));
    }
    checkApiRequirement(source, faults);
    checkImports(source, faults);
    checkClassPath(source, faults);
    checkExports(source, faults);

    Map<String, PluginSchema> compiled = new HashMap<>();
    String configSchema = string(plugin, "config.schema");
    if (configSchema.isEmpty()) {
      faults.add(new ManifestFault("missing_schema", "tyrum.plugin has no config.schema attribute; set @Plugin(configSchema)"));
    } else {
      loadSchema(source, "config.schema", configSchema, compiled, faults);
    }

    List<ToolDecl> tools = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Map<String, Object> cap : source.capabilities("tyrum.tool")) {
      String name = string(cap, "tyrum.tool");
      String where = "tyrum.tool=" + quote(name);
      checkPluginAttribute(cap, id, where, faults);
      checkName(TOOL_NAME, name, where, seen, faults);
      String effect = string(cap, "effect");
      checkEffect(effect, where, faults);
      String input = string(cap, "input.schema");
      String output = string(cap, "output.schema");
      loadSchema(source, where + " input.schema", input, compiled, faults);
      loadSchema(source, where + " output.schema", output, compiled, faults);
      tools.add(new ToolDecl(name, effect, input, output, string(cap, "description")));
    }

    List<CommandDecl> commands = new ArrayList<>();
    seen.clear();
    for (Map<String, Object> cap : source.capabilities("tyrum.command")) {
      String name = string(cap, "tyrum.command");
      String where = "tyrum.command=" + quote(name);
      checkPluginAttribute(cap, id, where, faults);
      checkName(COMMAND_NAME, name, where, seen, faults);
      String effect = string(cap, "effect");
      checkEffect(effect, where, faults);
      commands.add(new CommandDecl(name, string(cap, "description"), effect));
    }

    List<RouteDecl> routes = new ArrayList<>();
    seen.clear();
    for (Map<String, Object> cap : source.capabilities("tyrum.route")) {
      String path = string(cap, "tyrum.route");
      String where = "tyrum.route=" + quote(path);
      checkPluginAttribute(cap, id, where, faults);
      if (path.contains("..") || path.startsWith("/")) {
        faults.add(new ManifestFault("path_escape", where + " must be a relative path without '..'"));
      } else {
        checkName(ROUTE_PATH, path, where, seen, faults);
      }
      List<String> methods = strings(cap.get("methods"));
      if (methods.isEmpty() || !METHODS.containsAll(methods)) {
        faults.add(new ManifestFault("invalid_contribution", where + " methods " + methods + " must be some of " + METHODS));
      }
      String scope = string(cap, "scope");
      if (!SCOPE.matcher(scope).matches()) {
        faults.add(new ManifestFault("invalid_contribution", where + " scope " + quote(scope) + " is not a token scope such as operator.read"));
      }
      routes.add(new RouteDecl(path, methods, scope));
    }

    Set<String> secretScopes = new HashSet<>();
    for (Map<String, Object> cap : source.capabilities("tyrum.permission")) {
      if (Permission.SECRETS_READ.id().equals(string(cap, "tyrum.permission"))) {
        secretScopes.add(string(cap, "target"));
      }
    }
    List<McpDecl> mcp = new ArrayList<>();
    seen.clear();
    for (Map<String, Object> cap : source.capabilities("tyrum.mcp")) {
      String serverId = string(cap, "tyrum.mcp");
      String where = "tyrum.mcp=" + quote(serverId);
      checkPluginAttribute(cap, id, where, faults);
      checkName(COMMAND_NAME, serverId, where, seen, faults);
      String definition = string(cap, "definition");
      loadMcpDefinition(source, where, definition, secretScopes, faults)
          .ifPresent(parsed -> mcp.add(new McpDecl(serverId, definition, parsed)));
    }

    List<PermissionDecl> permissions = new ArrayList<>();
    for (Map<String, Object> cap : source.capabilities("tyrum.permission")) {
      String permission = string(cap, "tyrum.permission");
      String target = string(cap, "target");
      String where = "tyrum.permission=" + quote(permission);
      checkPluginAttribute(cap, id, where, faults);
      if (string(cap, "reason").isBlank()) {
        faults.add(new ManifestFault("permission_without_reason", where + " target " + quote(target)
            + " has no reason; the operator who grants it reads why the plugin needs it: set @RequestPermission(reason)"));
      }
      checkPermission(permission, target, where, faults)
          .ifPresent(kind -> permissions.add(new PermissionDecl(kind, target, string(cap, "reason"))));
    }

    boolean readsConfig = checkServiceComponents(source, id, faults);

    if (!faults.isEmpty()) {
      throw new ManifestException(faults);
    }
    String name = string(plugin, "name");
    PluginManifest manifest =
        new PluginManifest(
            id,
            bundleVersion,
            bundleName,
            name.isEmpty() ? source.header("Bundle-Name").orElse(id) : name,
            string(plugin, "description"),
            configSchema,
            tools,
            commands,
            routes,
            mcp,
            permissions,
            readsConfig);
    return new ValidatedPlugin(manifest, Map.copyOf(compiled));
  }

  private void checkApiRequirement(PluginSource source, List<ManifestFault> faults) {
    List<Map<String, String>> api = source.requirementDirectives("tyrum.gateway");
    if (api.isEmpty()) {
      faults.add(
          new ManifestFault(
              "missing_api_requirement",
              "the bundle does not require tyrum.gateway=api; build it with the @Plugin annotation"));
    }
    for (Map<String, String> directives : api) {
      String filter = directives.getOrDefault("filter", "");
      if (nesting(filter) > MAX_FILTER_NESTING) {
        // the framework's filter parser recurses once per level: a deep filter ends in StackOverflowError
        faults.add(new ManifestFault("api_major_mismatch",
            "the tyrum.gateway requirement filter nests more than " + MAX_FILTER_NESTING + " levels deep"));
        continue;
      }
      try {
        Filter parsed = FrameworkUtil.createFilter(filter);
        if (!parsed.matches(apiCapability)) {
          faults.add(
              new ManifestFault(
                  "api_major_mismatch",
                  "the plugin requires " + filter + " but this gateway provides API "
                      + apiCapability.get("version") + "; rebuild it against this gateway's API"));
        }
      } catch (InvalidSyntaxException e) {
        faults.add(new ManifestFault("api_major_mismatch", "the tyrum.gateway requirement filter is invalid: " + filter));
      }
    }
    boolean extender =
        source.requirementDirectives("osgi.extender").stream()
            .anyMatch(d -> d.getOrDefault("filter", "").contains("(osgi.extender=tyrum.plugin)"));
    if (!extender) {
      faults.add(
          new ManifestFault(
              "missing_extender_requirement",
              "the bundle does not require osgi.extender=tyrum.plugin; build it with the @Plugin annotation"));
    }
  }

  private static void checkImports(PluginSource source, List<ManifestFault> faults) {
    for (String header : List.of("Import-Package", "DynamicImport-Package", "Require-Bundle")) {
      Optional<String> value = source.header(header);
      if (value.isEmpty()) {
        continue;
      }
      for (HeaderParser.Clause clause : HeaderParser.parse(value.get())) {
        for (String name : clause.names()) {
          if (forbidden(header, name)) {
            faults.add(
                new ManifestFault(
                    "forbidden_import",
                    header + " names " + name + "; a plugin may import only ai.tyrum.gateway.api of the gateway"));
          }
          if (header.equals("DynamicImport-Package") && name.contains("*")) {
            // a wildcard lets the plugin wire at run time to whatever package appears, past every check here
            faults.add(new ManifestFault("dynamic_import_wildcard", "DynamicImport-Package names " + name
                + "; import the packages the plugin needs by name in Import-Package"));
          }
        }
      }
    }
  }

  /** Bundle-ClassPath (OSGi Core 3.9.1): every entry a path inside the jar, {@code .} for its root. */
  private static void checkClassPath(PluginSource source, List<ManifestFault> faults) {
    Optional<String> value = source.header("Bundle-ClassPath");
    if (value.isEmpty()) {
      return;
    }
    for (HeaderParser.Clause clause : HeaderParser.parse(value.get())) {
      for (String path : clause.names()) {
        if (path.equals(".") || path.equals("/")) {
          continue;
        }
        JarPaths.escape(path).ifPresent(why -> faults.add(new ManifestFault("classpath_escape",
            "Bundle-ClassPath entry " + quote(path) + " " + why + "; list only '.' and folders or jars inside the plugin jar")));
      }
    }
  }

  /**
   * No export of the gateway's packages nor of any package the run set exports: the plugin would offer
   * other bundles its own copy of a package they trust (DESIGN section 5).
   */
  private void checkExports(PluginSource source, List<ManifestFault> faults) {
    Optional<String> value = source.header("Export-Package");
    if (value.isEmpty()) {
      return;
    }
    Set<String> reserved = null;
    for (HeaderParser.Clause clause : HeaderParser.parse(value.get())) {
      for (String name : clause.names()) {
        if (name.equals("ai.tyrum.gateway") || name.startsWith("ai.tyrum.gateway.")) {
          faults.add(new ManifestFault("exports_reserved_package", "Export-Package names " + name
              + ", a package of the gateway itself; a plugin exports nothing of ai.tyrum.gateway.*: rename the package"));
          continue;
        }
        if (reserved == null) {
          reserved = runSetExports.get();
        }
        if (reserved.contains(name)) {
          faults.add(new ManifestFault("exports_reserved_package", "Export-Package names " + name
              + ", which the gateway's run set exports; keep the plugin's copy private (drop it from Export-Package)"
              + " and import the package instead"));
        }
      }
    }
  }

  private static boolean forbidden(String header, String name) {
    if (header.equals("Require-Bundle")) {
      return name.startsWith("gateway.");
    }
    if (name.equals("*") || name.equals("ai.*") || name.equals("ai.tyrum.*")) {
      return true;
    }
    return name.startsWith("ai.tyrum.gateway.") && !name.equals("ai.tyrum.gateway.api");
  }

  private void loadSchema(
      PluginSource source, String where, String path, Map<String, PluginSchema> compiled, List<ManifestFault> faults) {
    if (compiled.containsKey(path)) {
      return;
    }
    Optional<byte[]> bytes = readEntry(source, where, path, "missing_schema", faults);
    if (bytes.isEmpty()) {
      return;
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes.get());
    } catch (JacksonException e) {
      faults.add(new ManifestFault("invalid_schema", where + " " + path + " is not JSON: " + e.getOriginalMessage()));
      return;
    }
    try {
      // checked and compiled now, so that a broken schema refuses the plugin; compiled again when used
      schemas.compile(node);
      compiled.put(path, new PluginSchema(path, bytes.get(), source, schemas));
    } catch (Schemas.InvalidSchemaException e) {
      faults.add(
          new ManifestFault(
              "invalid_schema", where + " " + path + " is not a valid JSON Schema 2020-12: " + e.getMessage()));
    }
  }

  /**
   * Reads and checks the definition file of one {@code tyrum.mcp} capability: its grammar
   * ({@link McpDefinition#parse}) and that every secret it references lies in a scope the plugin requests
   * {@code secrets.read} on ({@code undeclared_secret} otherwise), so that nothing about a server is
   * found wrong only when it starts.
   */
  private static Optional<McpDefinition> loadMcpDefinition(
      PluginSource source, String where, String path, Set<String> secretScopes, List<ManifestFault> faults) {
    Optional<byte[]> bytes = readEntry(source, where + " definition", path, "missing_file", faults);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes.get());
    } catch (JacksonException e) {
      faults.add(new ManifestFault("invalid_mcp_definition", where + " " + path + " is not JSON: " + e.getOriginalMessage()));
      return Optional.empty();
    }
    Optional<McpDefinition> definition = McpDefinition.parse(node, where + " " + path, faults);
    definition.ifPresent(d -> d.secretReferences().stream()
        .filter(reference -> !secretScopes.contains(reference.scope()))
        .forEach(reference -> faults.add(new ManifestFault("undeclared_secret", where + " " + path + " references "
            + reference + " but the plugin requests no secrets.read on scope " + quote(reference.scope())
            + "; add @RequestPermission(permission = \"secrets.read\", target = \"" + reference.scope() + "\", reason = ...)"))));
    return definition;
  }

  private static Optional<byte[]> readEntry(
      PluginSource source, String where, String path, String missingReason, List<ManifestFault> faults) {
    if (path.isEmpty()) {
      faults.add(new ManifestFault(missingReason, where + " names no file"));
      return Optional.empty();
    }
    Optional<String> escape = JarPaths.escape(path);
    if (escape.isPresent()) {
      faults.add(new ManifestFault("path_escape", where + " " + quote(path) + " " + escape.get()));
      return Optional.empty();
    }
    try {
      Optional<byte[]> bytes = source.entry(path, MAX_SCHEMA_BYTES);
      if (bytes.isEmpty()) {
        faults.add(new ManifestFault(missingReason, where + " " + path + " is not in the jar"));
      }
      return bytes;
    } catch (IOException e) {
      faults.add(new ManifestFault(missingReason, where + " " + path + " cannot be read: " + e.getMessage()));
      return Optional.empty();
    }
  }

  /**
   * Checks that every component description the bundle names is in its jar, and tells whether any of them
   * may read the plugin's configuration: one that names the configuration PID {@code tyrum.plugin.<id>}
   * anywhere (as its name or a configuration-pid), or one the check cannot read (a wildcard path).
   */
  private static boolean checkServiceComponents(PluginSource source, String id, List<ManifestFault> faults) {
    Optional<String> header = source.header("Service-Component");
    if (header.isEmpty()) {
      return false;
    }
    byte[] pid = (CONFIG_PID_PREFIX + id).getBytes(StandardCharsets.UTF_8);
    boolean readsConfig = false;
    for (String raw : header.get().split(",")) {
      String path = raw.strip();
      if (path.isEmpty()) {
        continue;
      }
      Optional<String> escape = JarPaths.escape(path);
      if (escape.isPresent()) {
        faults.add(new ManifestFault("path_escape", "Service-Component " + quote(path) + " " + escape.get()));
        continue;
      }
      if (path.contains("*")) {
        readsConfig = true;
        continue;
      }
      try {
        Optional<byte[]> description = source.entry(path, MAX_SCHEMA_BYTES);
        if (description.isEmpty()) {
          faults.add(new ManifestFault("missing_file", "Service-Component " + path + " is not in the jar"));
        } else {
          readsConfig |= contains(description.get(), pid);
        }
      } catch (IOException e) {
        faults.add(new ManifestFault("missing_file", "Service-Component " + path + " cannot be read: " + e.getMessage()));
      }
    }
    return readsConfig;
  }

  private static boolean contains(byte[] text, byte[] word) {
    outer:
    for (int i = 0; i + word.length <= text.length; i++) {
      for (int j = 0; j < word.length; j++) {
        if (text[i + j] != word[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void checkPluginAttribute(
      Map<String, Object> cap, String id, String where, List<ManifestFault> faults) {
    String owner = string(cap, "plugin");
    if (!owner.equals(id)) {
      faults.add(
          new ManifestFault(
              "plugin_mismatch",
              where + " names plugin " + quote(owner) + " but the bundle is plugin " + quote(id)
                  + "; use the plugin's id constant in every annotation"));
    }
  }

  private static void checkName(
      Pattern pattern, String name, String where, Set<String> seen, List<ManifestFault> faults) {
    if (!pattern.matcher(name).matches()) {
      faults.add(new ManifestFault("invalid_contribution", where + " must match " + pattern.pattern()));
    } else if (!seen.add(name)) {
      faults.add(new ManifestFault("duplicate_contribution", where + " is declared twice"));
    }
  }

  private static void checkEffect(String effect, String where, List<ManifestFault> faults) {
    if (!EFFECTS.contains(effect)) {
      faults.add(new ManifestFault("invalid_contribution", where + " effect " + quote(effect) + " must be read_only or state_changing"));
    }
  }

  /** The permission's class when it is one and its target fits the class's grammar; a fault otherwise. */
  private static Optional<Permission> checkPermission(
      String permission, String target, String where, List<ManifestFault> faults) {
    Optional<Permission> kind = Permission.of(permission);
    if (kind.isEmpty()) {
      faults.add(new ManifestFault("invalid_permission", where + " is not one of " + Permission.ids()));
      return kind;
    }
    if (kind.get() == Permission.NETWORK_EGRESS) {
      return checkEgressTarget(target, where, faults) ? kind : Optional.empty();
    }
    boolean ok =
        switch (kind.get()) {
          case DB -> target.equals("plugin");
          case FS_READ, FS_WRITE -> !target.isEmpty() && JarPaths.escape(target).isEmpty();
          case TOOLS_CALL -> target.startsWith("plugin.") || target.matches("[a-z][a-z0-9_.]*");
          case SECRETS_READ -> !target.isEmpty();
          case NETWORK_EGRESS -> true; // read above, by the grammar policy defines egress classes with
        };
    if (!ok) {
      faults.add(new ManifestFault("invalid_permission",
          where + " target " + quote(target) + " is not valid for this class; write " + kind.get().targetGrammar()));
      return Optional.empty();
    }
    return kind;
  }

  /** The grammar the policy defines egress classes with: every class a plugin can name, a policy can define. */
  private static boolean checkEgressTarget(String target, String where, List<ManifestFault> faults) {
    try {
      EgressTarget.parse(target);
      return true;
    } catch (InvalidEgressException e) {
      faults.add(
          new ManifestFault(
              "invalid_permission",
              where + " target " + quote(target) + " is not valid, " + e.code() + ": " + e.getMessage()));
      return false;
    }
  }

  private static boolean sameVersion(Object declared, String bundleVersion) {
    try {
      return Version.parseVersion(declared.toString()).equals(Version.parseVersion(bundleVersion));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String string(Map<String, Object> attributes, String key) {
    Object value = attributes.get(key);
    return value == null ? "" : value.toString();
  }

  /** How deep the parentheses of an LDAP filter nest, escaped ones (RFC 4515, {@code \\(}) not counted. */
  static int nesting(String filter) {
    int depth = 0;
    int max = 0;
    for (int i = 0; i < filter.length(); i++) {
      char c = filter.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '(') {
        max = Math.max(max, ++depth);
      } else if (c == ')') {
        depth--;
      }
    }
    return max;
  }

  private static List<String> strings(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (value == null) {
      return List.of();
    }
    return List.of(value.toString().split("\\s*,\\s*"));
  }

  private static String quote(String value) {
    return "\"" + value + "\"";
  }

  /** A manifest that passed, with its checked schemas, keyed by their path in the jar. */
  public record ValidatedPlugin(PluginManifest manifest, Map<String, PluginSchema> schemas) {}
}
