package ai.tyrum.gateway.core.mcp.serve;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.publisher.Mono;

/**
 * One HTTP response held open as a stream of server-sent events (MCP 2025-06-18, Transports, "Streamable
 * HTTP"): the answer to one POSTed request, or the GET stream a session's notifications go through. The
 * SDK's session writes JSON-RPC messages to it and closes it; closing completes the response.
 */
final class SseStream implements McpStreamableServerTransport {

  private static final System.Logger LOG = System.getLogger(SseStream.class.getName());

  private final String sessionId;
  private final AsyncContext async;
  private final PrintWriter writer;
  private final McpJsonMapper mapper;
  /** Messages come from the SDK's threads and the gateway's notifications at once: one event at a time. */
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean closed;

  SseStream(String sessionId, AsyncContext async, McpJsonMapper mapper) throws IOException {
    this.sessionId = sessionId;
    this.async = async;
    this.writer = async.getResponse().getWriter();
    this.mapper = mapper;
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return sendMessage(message, null);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
    return Mono.fromRunnable(() -> {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        writer.write("id: " + (messageId != null ? messageId : sessionId) + "\n");
        writer.write("event: message\n");
        writer.write("data: " + mapper.writeValueAsString(message) + "\n\n");
        writer.flush();
        if (writer.checkError()) {
          throw new IOException("the client went away");
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "MCP session " + sessionId + ": an event was not delivered: " + e.getMessage());
        close();
      } finally {
        lock.unlock();
      }
    });
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
    return mapper.convertValue(data, type);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      async.complete();
    } catch (IllegalStateException alreadyDone) {
      // the container completed the response already (the client went away): nothing left to close
    } finally {
      lock.unlock();
    }
  }

  boolean closed() {
    return closed;
  }
}
