package ai.tyrum.gateway.core.manifest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A plugin's MCP server definition (the JSON file a {@code tyrum.mcp} capability names), as parsed and
 * checked when the manifest is validated. Values of {@code env} and {@code headers} may hold secret
 * references {@code ${secret:<scope>/<name>}}, resolved only when the server starts.
 *
 * @param transport {@code stdio} or {@code http} (streamable HTTP)
 * @param command the program of a stdio server; empty for http
 * @param args its arguments
 * @param env the whole environment of a stdio server, apart from {@code PATH}
 * @param url the endpoint of an http server; empty for stdio
 * @param headers the headers sent to an http server
 */
public record McpDefinition(
    String transport, String command, List<String> args, Map<String, String> env, String url, Map<String, String> headers) {

  public static final String STDIO = "stdio";
  public static final String HTTP = "http";

  /** A secret reference: a scope as {@code secrets.read} names it, and a secret name. */
  static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([a-z][a-z0-9-]{0,62})/([a-z][a-z0-9_]{0,62})\\}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> STDIO_FIELDS = Set.of("transport", "command", "args", "env");
  private static final Set<String> HTTP_FIELDS = Set.of("transport", "url", "headers");

  public McpDefinition {
    args = List.copyOf(args);
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** One {@code ${secret:scope/name}} in a value. */
  public record SecretReference(String scope, String name) {
    @Override
    public String toString() {
      return "${secret:" + scope + "/" + name + "}";
    }
  }

  /** Every secret reference of {@code env} and {@code headers}, in order, each once. */
  public List<SecretReference> secretReferences() {
    Set<SecretReference> references = new LinkedHashSet<>();
    for (String value : (transport.equals(STDIO) ? env : headers).values()) {
      references.addAll(references(value));
    }
    return List.copyOf(references);
  }

  /** The secret references in {@code value}. */
  public static List<SecretReference> references(String value) {
    List<SecretReference> found = new ArrayList<>();
    Matcher matcher = REFERENCE.matcher(value);
    while (matcher.find()) {
      found.add(new SecretReference(matcher.group(1), matcher.group(2)));
    }
    return found;
  }

  /** {@code value} with each secret reference replaced by what {@code values} gives for it. */
  public static String resolve(String value, java.util.function.Function<SecretReference, String> values) {
    return REFERENCE.matcher(value).replaceAll(m -> Matcher.quoteReplacement(values.apply(new SecretReference(m.group(1), m.group(2)))));
  }

  /**
   * Parses a definition, adding one {@code invalid_mcp_definition} fault per thing wrong, each naming
   * {@code where} and the field at fault.
   *
   * @return the definition when it had no fault
   */
  public static Optional<McpDefinition> parse(JsonNode node, String where, List<ManifestFault> faults) {
    int before = faults.size();
    if (!node.isObject()) {
      faults.add(fault(where, "", "must be a JSON object with a field transport"));
      return Optional.empty();
    }
    String transport = node.path("transport").isString() ? node.path("transport").asString() : "";
    if (!transport.equals(STDIO) && !transport.equals(HTTP)) {
      faults.add(fault(where, "transport", "must be \"stdio\" or \"http\""));
      return Optional.empty();
    }
    Set<String> allowed = transport.equals(STDIO) ? STDIO_FIELDS : HTTP_FIELDS;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (!allowed.contains(name)) {
        faults.add(fault(where, name, "is not a field of a " + transport + " server; it takes " + new java.util.TreeSet<>(allowed)));
      }
    }
    String command = "";
    List<String> args = List.of();
    Map<String, String> env = Map.of();
    String url = "";
    Map<String, String> headers = Map.of();
    if (transport.equals(STDIO)) {
      JsonNode commandNode = node.path("command");
      if (!commandNode.isString() || commandNode.asString().isBlank()) {
        faults.add(fault(where, "command", "is required: the program to run, a name looked up on the MCP search path or an absolute path"));
      } else {
        command = commandNode.asString();
      }
      args = strings(node.path("args"), where, "args", faults);
      env = stringMap(node.path("env"), where, "env", ENV_NAME, faults);
      if (env.containsKey("PATH")) {
        faults.add(fault(where, "env/PATH", "is set by the gateway (the MCP search path); leave it out"));
      }
    } else {
      JsonNode urlNode = node.path("url");
      if (!urlNode.isString()) {
        faults.add(fault(where, "url", "is required: the http or https endpoint of the server"));
      } else {
        url = urlNode.asString();
        checkUrl(url, where, faults);
      }
      headers = stringMap(node.path("headers"), where, "headers", HEADER_NAME, faults);
    }
    if (faults.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new McpDefinition(transport, command, args, env, url, headers));
  }

  private static void checkUrl(String url, String where, List<ManifestFault> faults) {
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        faults.add(fault(where, "url", "\"" + url + "\" must be an absolute http or https URL with a host"));
      } else if (uri.getUserInfo() != null) {
        faults.add(fault(where, "url", "must not carry credentials; send them in headers with a secret reference"));
      }
    } catch (URISyntaxException e) {
      faults.add(fault(where, "url", "\"" + url + "\" is not a URL: " + e.getReason()));
    }
  }

  private static List<String> strings(JsonNode node, String where, String field, List<ManifestFault> faults) {
    if (node.isMissingNode()) {
      return List.of();
    }
    if (!node.isArray()) {
      faults.add(fault(where, field, "must be an array of strings"));
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isString()) {
        faults.add(fault(where, field + "/" + i, "must be a string"));
      } else {
        values.add(node.get(i).asString());
      }
    }
    return values;
  }

  private static Map<String, String> stringMap(
      JsonNode node, String where, String field, Pattern names, List<ManifestFault> faults) {
    if (node.isMissingNode()) {
      return Map.of();
    }
    if (!node.isObject()) {
      faults.add(fault(where, field, "must be an object of strings"));
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String at = field + "/" + entry.getKey();
      if (!names.matcher(entry.getKey()).matches()) {
        faults.add(fault(where, at, "is not a valid name (" + names.pattern() + ")"));
      } else if (!entry.getValue().isString()) {
        faults.add(fault(where, at, "must be a string"));
      } else {
        String value = entry.getValue().asString();
        String rest = REFERENCE.matcher(value).replaceAll("");
        if (rest.contains("${secret:")) {
          faults.add(fault(where, at, "holds a malformed secret reference; write ${secret:<scope>/<name>} with a scope"
              + " of lower-case letters, digits and '-' and a name of lower-case letters, digits and '_'"));
        } else if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
          faults.add(fault(where, at, "must not contain NUL or line breaks"));
        } else {
          values.put(entry.getKey(), value);
        }
      }
    }
    return values;
  }

  private static ManifestFault fault(String where, String field, String what) {
    return new ManifestFault("invalid_mcp_definition", where + (field.isEmpty() ? "" : " field " + field) + " " + what);
  }
}
