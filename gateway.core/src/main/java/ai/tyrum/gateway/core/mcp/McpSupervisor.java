package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.core.host.PluginGrants;
import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.core.manifest.PluginManifest.McpDecl;
import ai.tyrum.gateway.core.mcp.McpServerStatus.State;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.core.secret.SecretStore;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the MCP servers plugins define (DESIGN section 4), out of process: a plugin's servers start when it
 * is loaded and enabled in the lockfile, and stop when it is unloaded, disabled, uninstalled or failed, and
 * when the gateway stops, each with every process it started. A server that exits or loses its transport
 * is restarted after a doubling backoff; the crash that reaches the limit within the window marks it
 * failed ({@code crash_loop}) until its plugin loads again or an operator restarts it.
 *
 * <p>The supervisor follows the plugins by their {@code plugin.lifecycle} events rather than being called
 * by the registry: on each one it compares what runs with what should, for every plugin. What a server may
 * use (the secrets of its definition, the endpoint of an http server) is checked against the plugin's
 * grants at each start.
 */
@Component(
    service = {McpServers.class, EventHandler.class},
    configurationPid = McpSettings.PID,
    property = {
      EventConstants.EVENT_TOPIC + "=" + McpSupervisor.LIFECYCLE_TOPIC
    })
@Designate(ocd = McpSettings.class)
public final class McpSupervisor implements McpServers, EventHandler {

  static final String LIFECYCLE_TOPIC = "tyrum/plugin/lifecycle";
  private static final System.Logger LOG = System.getLogger(McpSupervisor.class.getName());

  private final Plugins plugins;
  private final PluginGrants grants;
  private final SecretStore secrets;
  private final GatewayEvents events;
  private final DataDirectory data;
  private final BundleContext context;
  private final McpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
  private final JsonSchemaValidator validator = new DefaultJsonSchemaValidator(JsonMapper.builder().build());
  private final Map<McpServerId, SupervisedServer> servers = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  /** The comparison with the plugins, stops, and the timers of restarts. */
  private final ScheduledExecutorService work = Executors.newScheduledThreadPool(2, threads("tyrum-mcp"));
  /** Starts, one thread each while it lasts: a start blocks until the server answers or its start timeout. */
  private final ExecutorService starting = Executors.newCachedThreadPool(threads("tyrum-mcp-start"));
  /** Tells the listeners, one server at a time, in the order things happened. */
  private final ExecutorService telling = Executors.newSingleThreadExecutor(threads("tyrum-mcp-tools"));
  /** Waits for tool calls, so that a caller's timeout holds whatever the client's own. */
  private final ExecutorService calling = Executors.newCachedThreadPool(threads("tyrum-mcp-call"));
  private final Object reconciling = new Object();
  private volatile McpSettings settings;
  private volatile PluginLock lock;
  private volatile boolean stopping;

  @Activate
  public McpSupervisor(
      @Reference Plugins plugins,
      @Reference PluginGrants grants,
      @Reference SecretStore secrets,
      @Reference GatewayEvents events,
      @Reference DataDirectory data,
      BundleContext context,
      McpSettings settings) {
    this.plugins = plugins;
    this.grants = grants;
    this.secrets = secrets;
    this.events = events;
    this.data = data;
    this.context = context;
    this.settings = settings;
    // the plugins loaded before this component: their lifecycle events went by already
    work.execute(this::reconcile);
  }

  @Modified
  void modified(McpSettings changed) {
    this.settings = changed;
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  void bindLock(PluginLock lock) {
    this.lock = lock;
    submitReconcile();
  }

  void unbindLock(PluginLock lock) {
    if (this.lock == lock) {
      this.lock = null;
    }
  }

  /**
   * Binds a listener without getting it: the listeners (the bridge, the /mcp endpoint) reach the catalogue,
   * which reaches back here, so getting one while DS binds would close that cycle inside an activation. Each
   * is got on the telling thread at its first use.
   */
  @Reference(
      service = McpToolsListener.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindListener")
  void bindListener(ComponentServiceObjects<McpToolsListener> objects) {
    Listener listener = new Listener(objects);
    listeners.add(listener);
    // a listener that arrives late learns what the running servers listed
    servers.values().stream().map(SupervisedServer::status).filter(s -> s.state() == State.running)
        .forEach(s -> tell(listener, s.id(), s.tools()));
  }

  void unbindListener(ComponentServiceObjects<McpToolsListener> objects) {
    listeners.removeIf(listener -> listener.objects == objects);
  }

  /** A bound listener and, once first told something, its service object (touched on the telling thread only). */
  private static final class Listener {
    final ComponentServiceObjects<McpToolsListener> objects;
    private McpToolsListener service;

    Listener(ComponentServiceObjects<McpToolsListener> objects) {
      this.objects = objects;
    }

    McpToolsListener get() {
      if (service == null) {
        service = objects.getService();
      }
      if (service == null) {
        throw new IllegalStateException("the listener's component could not be activated");
      }
      return service;
    }
  }

  /** Stops every server, and waits until each process tree has exited: nothing outlives the gateway. */
  @Deactivate
  void deactivate() {
    stopping = true;
    work.shutdownNow();
    try {
      work.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    starting.shutdown();
    List<SupervisedServer> all = new ArrayList<>(servers.values());
    all.parallelStream().forEach(server -> server.stop("gateway_stopping"));
    servers.clear();
    // a start under way fails at once when its server is stopped: wait for it here, or its thread runs the
    // SDK's error path after the framework has taken away the bundles it is wired to (NoClassDefFoundError)
    try {
      starting.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    telling.shutdown();
    calling.shutdownNow();
  }

  @Override
  public void handleEvent(Event event) {
    if (stopping) {
      return;
    }
    if ("permission_revoked".equals(event.getProperty("kind"))
        && event.getProperty("plugin") instanceof Map<?, ?> plugin && plugin.get("id") instanceof String id) {
      // a running server keeps the secrets it was started with: start it again, so the grants are asked anew
      work.execute(() -> servers.values().stream()
          .filter(s -> s.id().pluginId().equals(id) && s.active())
          .forEach(s -> s.restart("permission_revoked", false)));
    }
    submitReconcile();
  }

  private void submitReconcile() {
    try {
      work.execute(this::reconcile);
    } catch (RejectedExecutionException gatewayStopping) {
      // deactivate stops everything
    }
  }

  /** Starts the servers that should run and do not, and stops those that run and should not. */
  void reconcile() {
    if (stopping) {
      return;
    }
    synchronized (reconciling) {
      Map<McpServerId, PluginRecord> known = new HashMap<>();
      Map<McpServerId, McpDecl> declared = new HashMap<>();
      Set<McpServerId> wanted = new HashSet<>();
      for (PluginRecord plugin : plugins.plugins()) {
        if (plugin.manifest().isEmpty() || !isCurrent(plugin)) {
          continue;
        }
        boolean runs = plugin.state() == PluginState.loaded && enabled(plugin);
        for (McpDecl decl : plugin.manifest().get().mcpServers()) {
          McpServerId id = new McpServerId(plugin.id(), decl.id());
          known.put(id, plugin);
          declared.put(id, decl);
          if (runs) {
            wanted.add(id);
          }
        }
      }
      for (SupervisedServer server : List.copyOf(servers.values())) {
        PluginRecord plugin = known.get(server.id());
        if (plugin == null || plugin.bundleId() != server.plugin().bundleId()
            || !plugin.version().equals(server.plugin().version())) {
          server.stop("plugin_unloaded");
          servers.remove(server.id(), server);
        } else if (!wanted.contains(server.id())) {
          server.stop("plugin_unloaded");
        }
      }
      for (Map.Entry<McpServerId, PluginRecord> entry : known.entrySet()) {
        McpServerId id = entry.getKey();
        SupervisedServer server = servers.computeIfAbsent(id, i -> new SupervisedServer(this, i, entry.getValue(), declared.get(i).server()));
        if (wanted.contains(id) && server.stopped()) {
          server.start(true);
        }
      }
    }
  }

  /** Whether {@code plugin} is the record its id names (several bundles may claim one id; the loaded one wins). */
  private boolean isCurrent(PluginRecord plugin) {
    return plugins.plugin(plugin.id()).map(r -> r.bundleId() == plugin.bundleId()).orElse(false);
  }

  /** Whether the lockfile holds {@code plugin}'s bundle and version as enabled. */
  private boolean enabled(PluginRecord plugin) {
    PluginLock current = lock;
    return current != null && current.entry(plugin.id())
        .filter(e -> e.state() == LockEntry.State.enabled && e.bundle().equals(plugin.bundle()) && e.version().equals(plugin.version()))
        .isPresent();
  }

  @Override
  public List<McpServerStatus> servers() {
    return servers.values().stream()
        .map(SupervisedServer::status)
        .sorted(Comparator.comparing((McpServerStatus s) -> s.id().pluginId()).thenComparing(s -> s.id().serverId()))
        .toList();
  }

  @Override
  public Optional<McpServerStatus> server(McpServerId id) {
    return Optional.ofNullable(servers.get(id)).map(SupervisedServer::status);
  }

  @Override
  public McpSchema.CallToolResult call(McpServerId id, String name, Map<String, Object> arguments, Duration timeout) {
    SupervisedServer server = servers.get(id);
    if (server == null) {
      throw unavailable(id, "no loaded plugin defines it");
    }
    var client = server.client().orElseThrow(() -> unavailable(id, "it is " + server.status().state().name()));
    McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder().name(name).arguments(arguments).build();
    CompletableFuture<McpSchema.CallToolResult> answer;
    try {
      answer = CompletableFuture.supplyAsync(() -> client.callTool(request), calling);
    } catch (RejectedExecutionException e) {
      throw unavailable(id, "the gateway is stopping");
    }
    try {
      return answer.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new ToolCallException("tool_timeout", 504, "MCP server " + id + " did not answer tool " + name
          + " within " + timeout.toMillis() + " ms", List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.cancel(true);
      throw new ToolCallException("tool_timeout", 504, "the call of tool " + name + " of MCP server " + id + " was interrupted", List.of());
    } catch (ExecutionException e) {
      if (server.client().isEmpty()) {
        throw unavailable(id, "it stopped during the call");
      }
      Throwable cause = e.getCause();
      throw new ToolCallException("mcp_error", 502, "MCP server " + id + " answered tool " + name + " with an error: "
          + StderrLog.bounded(String.valueOf(cause == null ? e.getMessage() : cause.getMessage())), List.of());
    }
  }

  private static ToolCallException unavailable(McpServerId id, String why) {
    return new ToolCallException("mcp_server_unavailable", 503, "MCP server " + id + " is not running: " + why
        + "; see mcp:status " + id, List.of());
  }

  @Override
  public void restart(McpServerId id) {
    restart(id, SecretStore.CONSOLE);
  }

  @Override
  public void restart(McpServerId id, String actor) {
    SupervisedServer server = servers.get(id);
    if (server == null) {
      throw new GatewayException("unknown_mcp_server", 404, "no loaded plugin defines MCP server " + id
          + "; mcp:list shows the servers", List.of());
    }
    PluginRecord plugin = plugins.plugin(id.pluginId()).orElse(server.plugin());
    if (plugin.state() != PluginState.loaded || !enabled(plugin)) {
      throw new GatewayException("plugin_not_loaded", 409, "plugin " + id.pluginId() + " is " + plugin.state()
          + ", so its MCP server " + id + " does not run; load and enable the plugin first", List.of());
    }
    server.restart("operator_restart", true, actor);
  }

  // --- what SupervisedServer asks of the gateway ---

  McpSettings settings() {
    return settings;
  }

  McpJsonMapper json() {
    return json;
  }

  JsonSchemaValidator validator() {
    return validator;
  }

  DataDirectory data() {
    return data;
  }

  boolean stopping() {
    return stopping;
  }

  /** The search path, read at each start so that a changed property counts. */
  SearchPath searchPath() {
    return SearchPath.of(
        Optional.ofNullable(context.getProperty(SearchPath.PROPERTY)),
        Optional.ofNullable(context.getProperty("tyrum.home")),
        Optional.ofNullable(System.getenv("PATH")));
  }

  /** The resolver of {@code plugin}'s secret references: its usable grants, the store, and the refusal record. */
  SecretResolver secretResolver(PluginRecord plugin) {
    PluginRecord current = plugins.plugin(plugin.id()).orElse(plugin);
    return new SecretResolver(
        scope -> grants.usable(current, ai.tyrum.gateway.spi.Permission.SECRETS_READ).contains(scope),
        secrets::value,
        scope -> refuse(current, ai.tyrum.gateway.spi.Permission.SECRETS_READ, scope));
  }

  /** The {@code network.egress} targets {@code plugin} may use now. */
  List<String> egress(PluginRecord plugin) {
    PluginRecord current = plugins.plugin(plugin.id()).orElse(plugin);
    return grants.usable(current, ai.tyrum.gateway.spi.Permission.NETWORK_EGRESS);
  }

  /** Records {@code plugin.permission.denied} through the grants' one refusal path. */
  void refuse(PluginRecord plugin, ai.tyrum.gateway.spi.Permission permission, String target) {
    Bundle bundle = context.getBundle(plugin.bundleId());
    if (bundle != null) {
      grants.refuse(plugin, bundle, permission, target, PluginGrants.declared(plugin, permission).contains(target));
    }
  }

  void record(String type, Map<String, Object> payload) {
    try {
      events.record(type, payload);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot record " + type + ": " + e.getMessage());
    }
  }

  ScheduledExecutorService work() {
    return work;
  }

  ExecutorService starting() {
    return starting;
  }

  /** Tells every listener that {@code id} listed {@code tools}, in order with everything else told. */
  void toolsListed(McpServerId id, List<McpSchema.Tool> tools) {
    listeners.forEach(listener -> tell(listener, id, tools));
  }

  private void tell(Listener listener, McpServerId id, List<McpSchema.Tool> tools) {
    tell(() -> listener.get().toolsListed(id, tools));
  }

  /** Tells every listener that {@code id} serves no tool any more. */
  void serverStopped(McpServerId id) {
    listeners.forEach(listener -> tell(() -> listener.get().serverStopped(id)));
  }

  private void tell(Runnable telling) {
    try {
      this.telling.execute(() -> {
        try {
          telling.run();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "an MCP tools listener failed: " + e);
        }
      });
    } catch (RejectedExecutionException stopping) {
      // the gateway is stopping: nobody is left to tell
    }
  }

  /**
   * A daemon thread that inherits no inheritable thread-local of its creator: a pool thread is often made
   * while a shell command runs, and would otherwise keep that command's Gogo output redirection for good.
   */
  static Thread unattached(Runnable runnable, String name) {
    Thread thread = new Thread(null, runnable, name, 0, false);
    thread.setDaemon(true);
    return thread;
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> unattached(runnable, name + "-" + count.incrementAndGet());
  }
}
