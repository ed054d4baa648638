package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.core.manifest.McpDefinition;
import ai.tyrum.gateway.core.mcp.McpServerStatus.State;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.lib.egress.EgressTarget;
import ai.tyrum.gateway.spi.Permission;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One server the supervisor runs, and its state machine: stopped → starting → running, and on an exit
 * or a broken transport → restarting (after its backoff) → starting, or → failed. Every change happens
 * under this object's lock and bumps {@link #generation}, so that what a start, an exit or a timer
 * finds stale (the server was stopped or started anew meanwhile) does nothing. Processes are ended
 * outside the lock.
 */
final class SupervisedServer {

  private static final System.Logger LOG = System.getLogger(McpSupervisor.class.getName());

  private final McpSupervisor supervisor;
  private final McpServerId id;
  private final PluginRecord plugin;
  private final McpDefinition definition;
  private final Backoff backoff = new Backoff();

  private State state = State.stopped;
  private Optional<Long> pid = Optional.empty();
  private int restarts;
  private Optional<String> reason = Optional.empty();
  private Instant since = Instant.now();
  private List<McpSchema.Tool> tools = List.of();
  private int generation;
  private Process process;
  private List<ProcessHandle> children = List.of();
  private McpSyncClient client;
  private ScheduledFuture<?> pending;

  SupervisedServer(McpSupervisor supervisor, McpServerId id, PluginRecord plugin, McpDefinition definition) {
    this.supervisor = supervisor;
    this.id = id;
    this.plugin = plugin;
    this.definition = definition;
  }

  McpServerId id() {
    return id;
  }

  PluginRecord plugin() {
    return plugin;
  }

  synchronized McpServerStatus status() {
    return new McpServerStatus(id, definition.transport(), state, pid, restarts, reason, since, tools);
  }

  synchronized boolean stopped() {
    return state == State.stopped;
  }

  /** Starting, running or waiting to restart. */
  synchronized boolean active() {
    return state == State.starting || state == State.running || state == State.restarting;
  }

  /** The client of the running server (a starting one has a client too, not yet to be called). */
  synchronized Optional<McpSyncClient> client() {
    return state == State.running ? Optional.ofNullable(client) : Optional.empty();
  }

  /**
   * Starts the server in the background.
   *
   * @param fresh whether this is a new start (its plugin loaded, an operator restarted it) rather than a
   *     restart after a crash: the crash count and the restart count start afresh
   */
  synchronized void start(boolean fresh) {
    if (supervisor.stopping()) {
      return;
    }
    if (fresh) {
      backoff.reset();
      restarts = 0;
    }
    int started = enter(State.starting, Optional.empty());
    launchLater(started);
  }

  /** Stops the server, then starts it afresh; {@code reason} is the stop's. */
  void restart(String reason, boolean fresh) {
    restart(reason, fresh, "");
  }

  void restart(String reason, boolean fresh, String actor) {
    stop(reason, actor);
    start(fresh);
  }

  void stop(String why) {
    stop(why, "");
  }

  /** Stops the server and every process it started, and waits until they have exited. */
  void stop(String why, String actor) {
    Process stopping;
    List<ProcessHandle> stoppingChildren;
    McpSyncClient closing;
    State was;
    synchronized (this) {
      if (state == State.stopped) {
        return;
      }
      was = state;
      stopping = process;
      stoppingChildren = children;
      closing = client;
      enter(State.stopped, Optional.of(why));
    }
    end(closing, stopping, stoppingChildren);
    Map<String, Object> payload = payload();
    payload.put("reason", why);
    payload.put("previous_state", was.name());
    if (!actor.isEmpty()) {
      payload.put("actor", actor);
    }
    supervisor.record("mcp.server.stopped", payload);
    if (was == State.running) {
      supervisor.serverStopped(id);
    }
  }

  /** Moves to {@code next} and makes every earlier start, exit and timer stale. Call with the lock held. */
  private int enter(State next, Optional<String> why) {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    state = next;
    reason = why;
    since = Instant.now();
    if (next != State.running) {
      tools = List.of();
      client = null;
      process = null;
      children = List.of();
    }
    return ++generation;
  }

  private void launch(int started) {
    try {
      McpSyncClient connected = definition.transport().equals(McpDefinition.STDIO) ? spawn(started) : connect();
      if (connected == null) {
        return;
      }
      synchronized (this) {
        if (generation != started) {
          connected.close();
          return;
        }
        // held from now on, so that an exit or a stop closes it, and the initialize below fails at once
        client = connected;
      }
      McpSettings settings = supervisor.settings();
      connected.initialize();
      List<McpSchema.Tool> listed = listTools(connected);
      synchronized (this) {
        if (generation != started) {
          connected.close();
          return;
        }
        state = State.running;
        since = Instant.now();
        tools = List.copyOf(listed);
        if (process != null) {
          // what it started by now (a helper, a shell's background job) ends with it, even if it is re-parented
          children = process.descendants().toList();
        }
      }
      Map<String, Object> payload = payload();
      pid.ifPresent(p -> payload.put("pid", p));
      payload.put("tools", listed.size());
      payload.put("restarts", restarts);
      supervisor.record("mcp.server.started", payload);
      supervisor.toolsListed(id, listed);
      LOG.log(System.Logger.Level.DEBUG, "MCP server " + id + " runs, " + listed.size() + " tools, within "
          + settings.start_timeout_ms() + " ms");
    } catch (McpStartException e) {
      failed(started, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      // a process that exits at once fails the initialize before its exit is seen: report the exit then
      Optional<Integer> exit = exitOf(started);
      crashed(started, exit, exit.map(code -> "it exited with code " + code)
          .orElse("it did not start: " + StderrLog.bounded(String.valueOf(e.getMessage()))));
    }
  }

  /** Starts the process and the client over its stdin and stdout; null if the start went stale meanwhile. */
  private McpSyncClient spawn(int started) {
    SearchPath path = supervisor.searchPath();
    Path program = path.resolve(definition.command());
    SecretResolver resolver = supervisor.secretResolver(plugin);
    Map<String, String> env = path.environment(resolver.resolve(definition.env()));
    Path workdir = supervisor.data().dir("plugin-data/" + id.pluginId() + "/mcp/" + id.serverId());
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(definition.args());
    ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process started0;
    try {
      started0 = builder.start();
    } catch (IOException e) {
      throw new McpStartException("command_not_runnable", "cannot run " + program + ": " + e.getMessage());
    }
    synchronized (this) {
      if (generation != started) {
        ProcessTree.stop(started0.toHandle(), List.of(), Duration.ZERO);
        return null;
      }
      process = started0;
      pid = Optional.of(started0.pid());
    }
    StderrLog.follow(started0.getErrorStream(), id.toString(), resolver.revealed());
    started0.onExit().thenAccept(exited -> exited(started, exited.exitValue()));
    return client(new ProcessTransport(started0, supervisor.json(), id.pluginId() + "-" + id.serverId()));
  }

  /** The client of an http server, after checking that the plugin may reach its endpoint. */
  private McpSyncClient connect() {
    URI uri = URI.create(definition.url());
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    String target = uri.getHost() + ":" + port;
    if (!loopback(uri.getHost()) && !grantedEgress(target)) {
      supervisor.refuse(plugin, Permission.NETWORK_EGRESS, target);
      throw new McpStartException("egress_not_granted", "the server's url reaches " + target
          + ", which is neither a loopback address nor a network.egress target the plugin holds: the plugin must request"
          + " network.egress on it and an operator grant it (plugin:grant)");
    }
    Map<String, String> headers = supervisor.secretResolver(plugin).resolve(definition.headers());
    HttpRequest.Builder request = HttpRequest.newBuilder();
    headers.forEach(request::header);
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseOf(uri))
        .endpoint(endpointOf(uri))
        .jsonMapper(supervisor.json())
        .requestBuilder(request)
        .connectTimeout(Duration.ofMillis(supervisor.settings().start_timeout_ms()))
        .build();
    return client(transport);
  }

  private boolean grantedEgress(String target) {
    for (String granted : supervisor.egress(plugin)) {
      try {
        if (EgressTarget.parse(granted).toString().equals(target) || granted.equals(target)) {
          return true;
        }
      } catch (RuntimeException notAnEndpoint) {
        // an egress class: policy maps it to hosts the MCP client does not look up
      }
    }
    return false;
  }

  private static boolean loopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String baseOf(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static String endpointOf(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private McpSyncClient client(McpClientTransport transport) {
    McpSettings settings = supervisor.settings();
    return McpClient.sync(transport)
        .clientInfo(new McpSchema.Implementation("tyrum-gateway", "1.0"))
        .requestTimeout(Duration.ofMillis(settings.max_call_ms()))
        .initializationTimeout(Duration.ofMillis(settings.start_timeout_ms()))
        .jsonSchemaValidator(supervisor.validator())
        // the SDK lists the tools on each tools/list_changed; the supervisor lists them again itself, off the
        // transport's thread, page by page
        .toolsChangeConsumer(ignored -> relist())
        .build();
  }

  private static List<McpSchema.Tool> listTools(McpSyncClient client) {
    List<McpSchema.Tool> all = new ArrayList<>();
    String cursor = null;
    do {
      McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
      all.addAll(page.tools());
      cursor = page.nextCursor();
    } while (cursor != null && !cursor.isEmpty());
    return all;
  }

  /** Lists the tools again after {@code notifications/tools/list_changed}, and tells the listeners. */
  private void relist() {
    int current;
    McpSyncClient listing;
    synchronized (this) {
      if (state != State.running || client == null) {
        return; // the listing after initialize is told when the server is marked running
      }
      current = generation;
      listing = client;
    }
    try {
      supervisor.starting().execute(() -> {
        try {
          List<McpSchema.Tool> listed = listTools(listing);
          synchronized (this) {
            if (generation != current) {
              return;
            }
            tools = List.copyOf(listed);
          }
          supervisor.toolsListed(id, listed);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "MCP server " + id + " announced changed tools but did not list them: "
              + StderrLog.bounded(String.valueOf(e.getMessage())));
        }
      });
    } catch (RejectedExecutionException gatewayStopping) {
      // nobody is left to tell
    }
  }

  /** The exit code of the process of start {@code started}, if it has exited or does within a second. */
  private Optional<Integer> exitOf(int started) {
    Process started0;
    synchronized (this) {
      started0 = generation == started ? process : null;
    }
    if (started0 == null) {
      return Optional.empty();
    }
    try {
      return started0.waitFor(1, TimeUnit.SECONDS) ? Optional.of(started0.exitValue()) : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private void exited(int started, int exitCode) {
    synchronized (this) {
      if (generation != started || state == State.stopped || state == State.failed) {
        return;
      }
    }
    crashed(started, Optional.of(exitCode), "it exited with code " + exitCode);
  }

  /** The server exited or lost its transport: restart it after its backoff, or mark it failed at the crash limit. */
  private void crashed(int started, Optional<Integer> exitCode, String why) {
    McpSettings settings = supervisor.settings();
    Process ending;
    List<ProcessHandle> endingChildren;
    McpSyncClient closing;
    boolean wasRunning;
    boolean loop;
    Duration delay = Duration.ZERO;
    synchronized (this) {
      if (generation != started || state == State.stopped || state == State.failed) {
        return;
      }
      wasRunning = state == State.running;
      ending = process;
      endingChildren = children;
      closing = client;
      loop = backoff.crashLoop(System.nanoTime(), settings.crash_limit(), Duration.ofSeconds(settings.crash_window_seconds()));
      if (loop) {
        enter(State.failed, Optional.of("crash_loop"));
      } else {
        int next = enter(State.restarting, Optional.empty());
        delay = Backoff.delay(restarts + 1, Duration.ofMillis(settings.backoff_initial_ms()), Duration.ofMillis(settings.backoff_max_ms()));
        pending = supervisor.work().schedule(() -> restartAfterBackoff(next), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    end(closing, ending, endingChildren);
    if (wasRunning) {
      supervisor.serverStopped(id);
    }
    Map<String, Object> exited = payload();
    exitCode.ifPresent(code -> exited.put("exit_code", code));
    pid.ifPresent(p -> exited.put("pid", p));
    exited.put("message", why);
    if (!loop) {
      exited.put("restart_in_ms", delay.toMillis());
    }
    supervisor.record("mcp.server.exited", exited);
    if (loop) {
      Map<String, Object> failed = payload();
      failed.put("reason", "crash_loop");
      failed.put("crashes", settings.crash_limit());
      failed.put("window_seconds", settings.crash_window_seconds());
      failed.put("message", why);
      supervisor.record("mcp.server.failed", failed);
      LOG.log(System.Logger.Level.WARNING, "MCP server " + id + " crashed " + settings.crash_limit() + " times within "
          + settings.crash_window_seconds() + " s (the last: " + why + "); it is failed until an operator runs mcp:restart "
          + id + " or its plugin loads again");
    }
  }

  private void restartAfterBackoff(int waited) {
    int started;
    synchronized (this) {
      if (generation != waited || state != State.restarting) {
        return;
      }
      restarts++;
      started = enter(State.starting, Optional.empty());
    }
    launchLater(started);
  }

  private void launchLater(int started) {
    try {
      supervisor.starting().execute(() -> launch(started));
    } catch (RejectedExecutionException gatewayStopping) {
      // the supervisor stops every server
    }
  }

  /** The server cannot start at all: failed with {@code code} until its plugin loads again or an operator restarts it. */
  private void failed(int started, String code, String message) {
    Process ending;
    List<ProcessHandle> endingChildren;
    McpSyncClient closing;
    synchronized (this) {
      if (generation != started) {
        return;
      }
      ending = process;
      endingChildren = children;
      closing = client;
      enter(State.failed, Optional.of(code));
    }
    end(closing, ending, endingChildren);
    Map<String, Object> payload = payload();
    payload.put("reason", code);
    payload.put("message", message);
    supervisor.record("mcp.server.failed", payload);
    LOG.log(System.Logger.Level.WARNING, "MCP server " + id + " cannot start, " + code + ": " + message);
  }

  private void end(McpSyncClient closing, Process ending, List<ProcessHandle> endingChildren) {
    if (closing != null) {
      try {
        closing.close();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the client of MCP server " + id + ": " + e);
      }
    }
    if (ending != null) {
      if (!ProcessTree.stop(ending.toHandle(), endingChildren, Duration.ofMillis(supervisor.settings().stop_grace_ms()))) {
        LOG.log(System.Logger.Level.WARNING, "MCP server " + id + " (pid " + ending.pid() + ") or a process it started"
            + " did not exit even when killed");
      }
    }
  }

  /** What every event of this server carries: the plugin, as plugin events name it, the server and its transport. */
  private Map<String, Object> payload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", plugin.eventIdentity());
    payload.put("server", id.serverId());
    payload.put("transport", definition.transport());
    return payload;
  }
}
