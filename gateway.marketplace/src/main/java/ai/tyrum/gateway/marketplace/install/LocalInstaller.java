package ai.tyrum.gateway.marketplace.install;

import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.PluginInspector;
import ai.tyrum.gateway.spi.PluginInspector.PluginRefusedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The installer for local jars. Catalogs and signatures build on this pipeline.
 */
@Component(service = Installer.class)
public final class LocalInstaller implements Installer {

  static final long MAX_JAR = 64L * 1024 * 1024;

  private final PluginInspector inspector;
  private final GatewayEvents events;
  private final BundleContext context;

  @Activate
  public LocalInstaller(@Reference PluginInspector inspector, @Reference GatewayEvents events, BundleContext context) {
    this.inspector = inspector;
    this.events = events;
    this.context = context;
  }

  @Override
  public Installed install(Path jar, Optional<String> expected) {
    Path path = jar.toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new InstallException("no_such_file", 404, jar + " is not a file", List.of());
    }
    try {
      if (Files.size(path) > MAX_JAR) {
        throw refuse(path, "invalid_jar", List.of("the jar is larger than " + MAX_JAR + " bytes"), Map.of());
      }
      byte[] bytes = Files.readAllBytes(path);
      String sha256 = sha256(bytes);
      if (expected.isPresent() && !expected.get().equalsIgnoreCase(sha256)) {
        throw refuse(path, "integrity_mismatch", List.of("expected sha256 " + expected.get() + " but the jar has " + sha256), Map.of());
      }
      Map<String, Object> manifest;
      try {
        manifest = inspector.inspect(bytes);
      } catch (PluginRefusedException e) {
        throw refuse(path, e.reason(), e.details(), Map.of());
      }
      String id = (String) manifest.get("id");
      String version = String.valueOf(manifest.get("version"));
      if (installed(id).isPresent()) {
        throw refuse(path, "already_installed", List.of("plugin " + id + " is installed; uninstall it first (upgrade comes with catalogs)"), manifest);
      }
      Bundle bundle = context.installBundle("tyrum:plugin:" + id + "@" + version + "#sha256=" + sha256, new ByteArrayInputStream(bytes));
      try {
        bundle.start();
        return new Installed(id, version, bundle.getBundleId(), sha256, Optional.empty());
      } catch (BundleException e) {
        return new Installed(id, version, bundle.getBundleId(), sha256, Optional.of(e.getMessage()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    } catch (BundleException e) {
      throw new InstallException("install_failed", 500, "the framework refused " + path + ": " + e.getMessage(), List.of());
    }
  }

  @Override
  public boolean uninstall(String id) {
    Bundle bundle = installed(id).orElseThrow(() ->
        new InstallException("unknown_plugin", 404, "no plugin " + id + " is installed", List.of("plugin:list shows the installed plugins")));
    try {
      bundle.uninstall();
    } catch (BundleException e) {
      throw new InstallException("uninstall_failed", 500, "the framework could not uninstall " + id + ": " + e.getMessage(), List.of());
    }
    // release the old revision's class loader now rather than at the next refresh
    CompletableFuture<Void> refreshed = new CompletableFuture<>();
    context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> refreshed.complete(null));
    try {
      refreshed.get(30, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
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

  /** Records the {@code failed} event every refusal leaves, and returns the refusal to throw. */
  private InstallException refuse(Path path, String reason, List<String> details, Map<String, Object> manifest) {
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
    return new InstallException(reason, 422, "cannot install " + path, details);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
