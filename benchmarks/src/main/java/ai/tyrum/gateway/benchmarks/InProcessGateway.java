package ai.tyrum.gateway.benchmarks;

import ai.tyrum.gateway.launcher.Gateway;
import ai.tyrum.gateway.launcher.GatewayOptions;
import ai.tyrum.gateway.launcher.SecurityPosture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * A gateway started in the benchmark's JVM from a distribution folder, with the bootstrap token when its
 * start printed it (the token store starts on demand). Its services are reached through the framework.
 */
public record InProcessGateway(Gateway gateway, Optional<String> token) {
  private static final Pattern TOKEN = Pattern.compile("bootstrap admin token: (\\S+)");

  /** Starts a gateway in this JVM and takes the bootstrap token if its first start printed one. */
  public static InProcessGateway start(Path home, Path data) throws Exception {
    return start(home, data, SecurityPosture.Requested.off);
  }

  /** Starts a gateway in this JVM with {@code --security} {@code security}; on, its security manager is the JVM's. */
  public static InProcessGateway start(Path home, Path data, SecurityPosture.Requested security) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    Gateway gateway;
    try {
      gateway = Gateway.start(new GatewayOptions(home, data, 0, "127.0.0.1", true, GatewayOptions.DEFAULT_AUDIT_SYNC, security));
    } finally {
      System.setOut(original);
    }
    Matcher matcher = TOKEN.matcher(captured.toString(StandardCharsets.UTF_8));
    return new InProcessGateway(gateway, matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty());
  }

  public BundleContext context() {
    return gateway.framework().getBundleContext();
  }

  /**
   * The reference of a service of the gateway, by type name, whatever class path the benchmark runs with:
   * {@code getServiceReference} leaves out a service whose type the caller's class path also holds (the
   * system bundle then sees another class of that name).
   *
   * @throws IllegalStateException when no bundle registers it
   */
  public static ServiceReference<?> reference(BundleContext context, String type) {
    try {
      ServiceReference<?>[] references = context.getAllServiceReferences(type, null);
      if (references == null) {
        throw new IllegalStateException("the gateway registers no " + type.substring(type.lastIndexOf('.') + 1));
      }
      return references[0];
    } catch (InvalidSyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes to both streams: the gateway's start-up output stays visible while it is captured. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
