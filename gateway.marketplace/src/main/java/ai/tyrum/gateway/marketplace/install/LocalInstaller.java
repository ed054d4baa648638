package ai.tyrum.gateway.marketplace.install;

import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.PluginInspector;
import ai.tyrum.gateway.spi.PluginInspector.PluginRefusedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Installs a plugin from a local jar and uninstalls plugins: {@code plugin:install FILE [--sha256 HEX]}
 * and {@code plugin:uninstall ID}. The jar is read once, hashed, inspected (manifest, paths, schemas)
 * and only then installed from the verified bytes, so a refused jar leaves no trace but a {@code failed}
 * event. Catalogs and signatures build on this pipeline.
 */
@Component(
    service = LocalInstaller.class,
    property = {
      "osgi.command.scope=plugin",
      "osgi.command.function=install",
      "osgi.command.function=uninstall"
    })
public final class LocalInstaller {

  static final long MAX_JAR = 64L * 1024 * 1024;

  @Reference PluginInspector inspector;
  @Reference GatewayEvents events;

  private BundleContext context;

  @Activate
  void activate(BundleContext context) {
    this.context = context;
  }

  @Descriptor("shows how to use plugin:install")
  public String install(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help plugin:install");
    return null;
  }

  @Descriptor("installs and starts a plugin from a local jar after verifying its hash and manifest")
  public String install(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("expected SHA-256 of the jar (hex); refused when it differs")
          @Parameter(names = "--sha256", absentValue = "")
          String expected,
      @Descriptor("path of the plugin jar") String file) throws IOException, BundleException , Exception {
    if (help) {
      session.execute("help plugin:install");
      return null;
    }
    Path path = Path.of(file).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no_such_file: " + file + " is not a file");
    }
    if (Files.size(path) > MAX_JAR) {
      return refuse(path, "invalid_jar", List.of("the jar is larger than " + MAX_JAR + " bytes"), Map.of());
    }
    byte[] jar = Files.readAllBytes(path);
    String sha256 = sha256(jar);
    if (!expected.isEmpty() && !expected.equalsIgnoreCase(sha256)) {
      return refuse(path, "integrity_mismatch", List.of("expected sha256 " + expected + " but the jar has " + sha256), Map.of());
    }
    Map<String, Object> manifest;
    try {
      manifest = inspector.inspect(jar);
    } catch (PluginRefusedException e) {
      return refuse(path, e.reason(), e.details(), Map.of());
    }
    String id = (String) manifest.get("id");
    if (installed(id).isPresent()) {
      return refuse(path, "already_installed", List.of("plugin " + id + " is installed; uninstall it first (upgrade comes with catalogs)"), manifest);
    }
    String location = "tyrum:plugin:" + id + "@" + manifest.get("version") + "#sha256=" + sha256;
    Bundle bundle = context.installBundle(location, new ByteArrayInputStream(jar));
    try {
      bundle.start();
    } catch (BundleException e) {
      return "installed " + id + " " + manifest.get("version") + " but it did not start: " + e.getMessage()
          + "\n(see plugin:info " + id + ")";
    }
    return "installed " + id + " " + manifest.get("version") + " (bundle " + bundle.getBundleId() + ", sha256 " + sha256 + ")";
  }

  @Descriptor("shows how to use plugin:uninstall")
  public String uninstall(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help plugin:uninstall");
    return null;
  }

  @Descriptor("stops and uninstalls a plugin; its tools, commands and routes go away at once")
  public String uninstall(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("plugin id") String id) throws BundleException, InterruptedException , Exception {
    if (help) {
      session.execute("help plugin:uninstall");
      return null;
    }
    Bundle bundle =
        installed(id).orElseThrow(() -> new IllegalArgumentException("unknown_plugin: no plugin " + id + " is installed"));
    bundle.uninstall();
    // release the old revision's class loader now rather than at the next refresh
    CompletableFuture<Void> refreshed = new CompletableFuture<>();
    context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> refreshed.complete(null));
    try {
      refreshed.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "uninstalled " + id + " (refresh still running)";
    }
    return "uninstalled " + id;
  }

  private Optional<Bundle> installed(String id) {
    for (Bundle bundle : context.getBundles()) {
      BundleRevision revision = bundle.adapt(BundleRevision.class);
      if (revision != null
          && revision.getDeclaredCapabilities("tyrum.plugin").stream()
              .anyMatch(c -> id.equals(c.getAttributes().get("tyrum.plugin")))) {
        return Optional.of(bundle);
      }
    }
    return Optional.empty();
  }

  private String refuse(Path path, String reason, List<String> details, Map<String, Object> manifest) {
    Map<String, Object> plugin = new LinkedHashMap<>();
    plugin.put("id", manifest.getOrDefault("id", ""));
    plugin.put("version", manifest.getOrDefault("version", ""));
    plugin.put("bundle", manifest.getOrDefault("bundle", ""));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", plugin);
    payload.put("kind", "failed");
    payload.put("reason", reason);
    payload.put("details", details);
    payload.put("source", path.toString());
    events.record("plugin.lifecycle", payload);
    throw new IllegalStateException(reason + ": " + path + "\n  " + String.join("\n  ", details));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
