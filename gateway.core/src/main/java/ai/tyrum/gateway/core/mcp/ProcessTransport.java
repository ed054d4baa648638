package ai.tyrum.gateway.core.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The MCP stdio transport over a process the supervisor started itself (it needs the pid and the exit,
 * which the SDK's {@code StdioClientTransport} keeps to itself): newline-delimited JSON-RPC, one message
 * a line, on the process's stdin and stdout. It never starts, stops or waits for the process.
 */
final class ProcessTransport implements McpClientTransport {

  /** The longest line (message) read; a server sending more is cut off as broken. */
  static final int MAX_LINE_CHARS = 16 * 1024 * 1024;
  private static final System.Logger LOG = System.getLogger(ProcessTransport.class.getName());

  private final Process process;
  private final McpJsonMapper json;
  private final String name;
  private volatile boolean closing;

  ProcessTransport(Process process, McpJsonMapper json, String name) {
    this.process = process;
    this.json = json;
    this.name = name;
  }

  @Override
  public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    return Mono.fromRunnable(() -> {
      Thread reader = McpSupervisor.unattached(() -> read(handler), "tyrum-mcp-" + name + "-stdout");
      reader.start();
    });
  }

  private void read(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = readLine(in)) != null) {
        if (line.isBlank()) {
          continue;
        }
        JSONRPCMessage message;
        try {
          message = McpSchema.deserializeJsonRpcMessage(json, line);
        } catch (IOException | RuntimeException e) {
          // a server may print something else on stdout by mistake: skip the line, say so (bounded), read on
          LOG.log(System.Logger.Level.WARNING, "MCP server " + name + " wrote a line that is not JSON-RPC, skipped: "
              + StderrLog.bounded(line));
          continue;
        }
        handler.apply(Mono.just(message)).subscribe(
            ignored -> {}, failure -> LOG.log(System.Logger.Level.DEBUG, "MCP server " + name + ": " + failure));
      }
    } catch (IOException e) {
      if (!closing) {
        LOG.log(System.Logger.Level.DEBUG, "MCP server " + name + " stdout closed: " + e.getMessage());
      }
    }
  }

  /** A line without its terminator, or null at the end; a line longer than {@link #MAX_LINE_CHARS} ends the stream. */
  private static String readLine(BufferedReader in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        return line.toString();
      }
      if (line.length() >= MAX_LINE_CHARS) {
        throw new IOException("a message is longer than " + MAX_LINE_CHARS + " characters");
      }
      line.append((char) c);
    }
    return line.isEmpty() ? null : line.toString();
  }

  @Override
  public Mono<Void> sendMessage(JSONRPCMessage message) {
    return Mono.fromRunnable(() -> {
      try {
        // compact JSON escapes every line break inside strings: one message is one line
        byte[] bytes = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        OutputStream out = process.getOutputStream();
        synchronized (out) {
          out.write(bytes);
          out.flush();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("MCP server " + name + " does not take input any more", e);
      }
    });
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(() -> {
      closing = true;
      try {
        // end of input is how a stdio server is asked to exit; the supervisor stops the process after
        process.getOutputStream().close();
      } catch (IOException ignored) {
        // already closed: the process has gone
      }
    });
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
    return json.convertValue(data, type);
  }
}
