package ai.tyrum.gateway.itest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;

/**
 * A real Felix framework running a chosen part of the gateway, for tests of one layer (the extender, the
 * HTTP resources, the shell commands) with collaborators the test registers as services.
 *
 * <p>What runs: the distribution's resolved run set (cnf/gateway.bndrun, as exported into
 * {@code target/gateway/bundles}) without gateway.policy and gateway.marketplace unless the test asks for
 * them, and with the gateway.api bundle played by the system bundle (see {@link SystemBundleApi}): the
 * API and SPI classes of the test are the ones the bundles use, so a fake {@code ToolPolicy} registered
 * by the test is what gateway.core binds. Everything else (Jackson, SCR, Jetty, the gateway's private
 * classes) stays inside the framework and is reached by service or over HTTP.
 *
 * <p>Each framework gets a fresh data dir (mode 0700, framework property {@code tyrum.data}) holding its
 * cache, HTTP on a free loopback port, and a capture of what the process prints while it runs. It is
 * ready when {@code GET /healthz} answers 200, that is when the extender has read every bundle present.
 * Starting one costs about a second: share one per test class.
 *
 * <pre>{@code
 * class ToolsResourceIT {
 *   static GatewayFramework gateway;
 *
 *   @BeforeAll
 *   static void start() {
 *     gateway = GatewayFramework.builder()
 *         .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
 *         .plugin("echo")
 *         .start();
 *     gateway.awaitPluginState("echo", "loaded");
 *   }
 *
 *   @AfterAll
 *   static void stop() {
 *     gateway.close();
 *   }
 *
 *   @Test
 *   void listsEchoForTheDefaultAgent() {
 *     assertThat(gateway.http().get("/tools?agent=default").assertStatus(200).json().toString())
 *         .contains("plugin.echo.echo");
 *     assertThat(gateway.shell().run("tool:list").assertSucceeded().console()).contains("plugin.echo.echo");
 *   }
 * }
 * }</pre>
 */
public final class GatewayFramework implements AutoCloseable {

  /** The gateway bundles a test gets only by asking ({@link Builder#withBundle}). */
  public static final Set<String> OPTIONAL_BUNDLES = Set.of("gateway.policy", "gateway.marketplace");

  /** The name of the admin token the harness seeds next to the tokens a test asks for. */
  public static final String ADMIN_TOKEN = "admin";

  private static final Pattern BOOTSTRAP_TOKEN = Pattern.compile("bootstrap admin token: (\\S+)");

  private final Composition composition;
  private final Distribution distribution;
  private final Framework framework;
  private final Path data;
  private final URI url;
  private final ConsoleCapture console;
  private final Map<String, String> seededTokens;
  private volatile String token;
  private GatewayHttp http;
  private GogoShell shell;

  GatewayFramework(Composition composition, Distribution distribution, Framework framework, Path data, URI url,
      ConsoleCapture console, Map<String, String> seededTokens, String knownToken) {
    this.composition = composition;
    this.distribution = distribution;
    this.seededTokens = seededTokens;
    this.token = knownToken;
    this.framework = framework;
    this.data = data;
    this.url = url;
    this.console = console;
  }

  /** A builder for the default composition: the run set with gateway.core, without the optional bundles. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts the default composition with no services of the test's own. */
  public static GatewayFramework start() {
    return builder().start();
  }

  /** The system bundle's context: install bundles, look services up, register services as the framework. */
  public BundleContext context() {
    return framework.getBundleContext();
  }

  public Framework framework() {
    return framework;
  }

  /** The data dir ({@code tyrum.data}), removed by {@link #close()}. */
  public Path data() {
    return data;
  }

  /** The HTTP API's base URL, {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return url;
  }

  /**
   * Registers {@code service} under {@code type} as the system bundle. Components with a dynamic greedy
   * reference bind it at once; to win over a service of the same type that is already registered, give it
   * a higher {@link Constants#SERVICE_RANKING}.
   */
  public <T> ServiceRegistration<T> register(Class<T> type, T service, Map<String, ?> properties) {
    return context().registerService(type, service, new Hashtable<>(properties));
  }

  public <T> ServiceRegistration<T> register(Class<T> type, T service) {
    return register(type, service, Map.of());
  }

  /** The example plugin {@code name} the reactor built (plugins/{@code name}), such as "echo". */
  public Path examplePlugin(String name) {
    return distribution.examplePlugin(name);
  }

  /** The fixture plugin {@code name} the reactor built (plugins/fixtures/{@code name}), such as "bad-id". */
  public Path fixture(String name) {
    return distribution.fixture(name);
  }

  /**
   * Installs {@code jar} at its file URL and asks the framework to start it, as {@code felix:install -s}
   * does at the console. A plugin the gateway refuses stays INSTALLED: that is a result to assert, not an
   * error, so a start that fails to resolve is not reported here.
   */
  public Bundle install(Path jar) {
    try (InputStream in = Files.newInputStream(jar)) {
      return installAndStart(jar.toUri().toString(), in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }

  /** Installs a bundle built in memory at its {@link TestBundle#location()}, and starts it like {@link #install(Path)}. */
  public Bundle install(TestBundle bundle) {
    return installAndStart(bundle.location(), new ByteArrayInputStream(bundle.toJar()));
  }

  /**
   * The service of {@code type} with the highest ranking, once there is one: an SPI service of the gateway,
   * such as {@code PluginInspector}, or one the test registered. The system bundle holds it until the
   * framework stops.
   */
  public <T> T service(Class<T> type) {
    Object[] found = new Object[1];
    Await.until("a " + type.getName() + " service is registered", () -> {
      ServiceReference<T> reference = context().getServiceReference(type);
      found[0] = reference == null ? null : context().getService(reference);
      return found[0] != null;
    });
    return type.cast(found[0]);
  }

  private Bundle installAndStart(String location, InputStream in) {
    Bundle bundle;
    try {
      bundle = context().installBundle(location, in);
    } catch (BundleException e) {
      throw new IllegalStateException("cannot install " + location + ": " + e.getMessage(), e);
    }
    FrameworkLauncher.startIfResolvable(bundle);
    return bundle;
  }

  /** The Gogo shell of this framework, through its CommandProcessor service. */
  public synchronized GogoShell shell() {
    if (shell == null) {
      shell = new GogoShell(context());
    }
    return shell;
  }

  /** An HTTP client of the gateway's API that sends the bootstrap admin token. */
  public synchronized GatewayHttp http() {
    if (http == null) {
      http = new GatewayHttp(url, token());
    }
    return http;
  }

  /**
   * An admin token: the bootstrap token the gateway printed at its first start (DESIGN section 7) or, when
   * the test asked for tokens of its own ({@link Builder#token}), the seeded one named {@link #ADMIN_TOKEN}.
   */
  public String token() {
    if (token == null) {
      Await.until("the gateway printed its bootstrap admin token", () -> {
        Matcher matcher = BOOTSTRAP_TOKEN.matcher(console.text());
        if (matcher.find()) {
          token = matcher.group(1);
        }
        return token != null;
      });
    }
    return token;
  }

  /** The token the test asked for as {@code name} with {@link Builder#token}. */
  public String token(String name) {
    String seeded = seededTokens.get(name);
    if (seeded == null) {
      throw new IllegalArgumentException("no token " + name + " was asked for; the builder seeded " + seededTokens.keySet());
    }
    return seeded;
  }

  /** Everything the process printed on standard output and error since this framework started. */
  public String printed() {
    return console.text();
  }

  /** What the process printed on standard output and error while {@code action} ran. */
  public String printedWhile(Runnable action) {
    int mark = console.text().length();
    action.run();
    return console.text().substring(mark);
  }

  /**
   * The state {@code GET /plugins} reports for plugin {@code id} ({@code loaded}, {@code failed}, ...), or
   * {@code absent}.
   */
  public String pluginState(String id) {
    for (var plugin : http().get("/plugins").assertStatus(200).json().path("plugins")) {
      if (plugin.path("id").asString().equals(id)) {
        return plugin.path("state").asString();
      }
    }
    return "absent";
  }

  /**
   * Waits until every MCP server of a loaded plugin has started (or failed) and the tools of each running
   * one are pinned in the lockfile. The supervisor and the bridge do that in the background once the
   * gateway is ready (the example {@code everything} runs one): a test that compares the lockfile's bytes,
   * or counts events, must not race them.
   */
  public void awaitMcpSettled() {
    Await.until("the MCP servers of loaded plugins run and their first listing is pinned", () -> {
      HttpResult answer = http().get("/mcp/servers");
      if (answer.status() != 200) {
        return false;
      }
      Path lockfile = data.resolve("plugins.lock.json");
      tools.jackson.databind.JsonNode lock = Files.exists(lockfile)
          ? tools.jackson.databind.json.JsonMapper.builder().build().readTree(Files.readString(lockfile))
          : null;
      for (tools.jackson.databind.JsonNode server : answer.json().path("servers")) {
        String state = server.path("state").asString();
        if (state.equals("starting") || state.equals("restarting")) {
          return false;
        }
        if (state.equals("running") && lock != null && lock.path("plugins").has(server.path("plugin").asString())) {
          String prefix = server.path("server").asString() + "/";
          boolean pinned = false;
          for (String key : lock.path("plugins").path(server.path("plugin").asString()).path("mcp_tools").propertyNames()) {
            pinned |= key.startsWith(prefix);
          }
          if (!pinned) {
            return false;
          }
        }
      }
      return true;
    });
  }

  /** Waits until {@code GET /plugins} reports plugin {@code id} in {@code state}. */
  public void awaitPluginState(String id, String state) {
    Await.until("plugin " + id + " is " + state, () -> pluginState(id).equals(state));
  }

  /** Stops the framework, waits until it has stopped, and removes the data dir. */
  @Override
  public void close() {
    try {
      FrameworkLauncher.stop(framework, console);
    } finally {
      DataFiles.delete(data);
    }
  }

  /**
   * Stops this framework and starts the same composition again on the same data dir and framework cache,
   * as a gateway restarts: the bundles installed meanwhile are still there, the builder's services are
   * registered again, and the admin token stays valid. Use the returned framework from then on; this one
   * is stopped (its HTTP port changes too).
   */
  public GatewayFramework restart() {
    String admin = token();
    FrameworkLauncher.stop(framework, console);
    return FrameworkLauncher.launch(composition, data, seededTokens, admin);
  }

  /** How to compose and start a {@link GatewayFramework}. */
  public static final class Builder {
    private final Set<String> optional = new LinkedHashSet<>();
    private final Map<String, String> properties = new HashMap<>();
    private final List<Composition.Service<?>> services = new ArrayList<>();
    private final List<String> examplePlugins = new ArrayList<>();
    private final List<Path> jars = new ArrayList<>();
    private final Map<String, Set<String>> tokens = new LinkedHashMap<>();
    private final Map<String, String> dataFiles = new LinkedHashMap<>();

    private Builder() {}

    /** Adds one of {@link #OPTIONAL_BUNDLES} from the run set, such as "gateway.policy". */
    public Builder withBundle(String symbolicName) {
      if (!OPTIONAL_BUNDLES.contains(symbolicName)) {
        throw new IllegalArgumentException(symbolicName + " is not one of " + OPTIONAL_BUNDLES
            + "; the rest of the run set is always there");
      }
      optional.add(symbolicName);
      return this;
    }

    /** Sets a framework property, such as {@code tyrum.audit.sync}. */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /**
     * Registers {@code service} as the system bundle before any bundle starts, so that gateway.core's
     * components find it when they activate.
     */
    public <T> Builder service(Class<T> type, T service, Map<String, ?> properties) {
      services.add(new Composition.Service<>(type, service, properties));
      return this;
    }

    public <T> Builder service(Class<T> type, T service) {
      return service(type, service, Map.of());
    }

    /**
     * Seeds a bearer token {@code name} with {@code scopes} (such as {@code operator.read}), and an admin
     * token named {@link #ADMIN_TOKEN} beside it; {@link GatewayFramework#token(String)} gives them. The
     * gateway then mints and prints no bootstrap token.
     */
    public Builder token(String name, String... scopes) {
      if (scopes.length == 0) {
        throw new IllegalArgumentException("a token needs at least one scope");
      }
      tokens.put(name, Set.of(scopes));
      return this;
    }

    /**
     * Writes {@code content} to {@code relative} in the data dir before the framework starts, such as a
     * plugin's config ({@code config/echo.json}) or a policy file.
     */
    public Builder dataFile(String relative, String content) {
      dataFiles.put(relative, content);
      return this;
    }

    /**
     * Installs the example plugin {@code name} before the framework starts, so that the extender finds it
     * at its first scan as it finds seeded plugins, and starts it once the framework has started.
     */
    public Builder plugin(String name) {
      examplePlugins.add(name);
      return this;
    }

    /** Installs {@code jar} like {@link #plugin(String)}. */
    public Builder plugin(Path jar) {
      jars.add(jar);
      return this;
    }

    /**
     * Starts the framework and returns once the gateway answers {@code GET /healthz}.
     *
     * @throws IllegalStateException if a bundle of the run set does not start, or the gateway is not ready
     *     within {@link Await#DEADLINE}; the framework is stopped then
     */
    public GatewayFramework start() {
      Path data = DataFiles.createDataDir();
      Map<String, String> seeded = Map.of();
      try {
        dataFiles.forEach((relative, content) -> DataFiles.write(data, relative, content));
        if (!tokens.isEmpty()) {
          Map<String, Set<String>> scopes = new LinkedHashMap<>();
          scopes.put(ADMIN_TOKEN, Set.of("admin"));
          scopes.putAll(tokens);
          seeded = SeededTokens.write(data, scopes);
        }
      } catch (RuntimeException e) {
        DataFiles.delete(data);
        throw e;
      }
      Composition composition = new Composition(optional, properties, services, examplePlugins, jars);
      return FrameworkLauncher.launch(composition, data, seeded, seeded.get(ADMIN_TOKEN));
    }
  }
}
