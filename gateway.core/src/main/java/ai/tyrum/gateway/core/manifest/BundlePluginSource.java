package ai.tyrum.gateway.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Reads an installed bundle through its current revision and {@link Bundle#getEntry}: neither resolves
 * the bundle nor loads any of its classes (OSGi Core 10.2, BundleRevision).
 */
public final class BundlePluginSource implements PluginSource {

  private final Bundle bundle;
  private final BundleRevision revision;

  public BundlePluginSource(Bundle bundle) {
    this.bundle = bundle;
    this.revision = bundle.adapt(BundleRevision.class);
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(bundle.getHeaders("").get(name));
  }

  @Override
  public List<Map<String, Object>> capabilities(String namespace) {
    if (revision == null) {
      return List.of();
    }
    return revision.getDeclaredCapabilities(namespace).stream().map(c -> c.getAttributes()).toList();
  }

  @Override
  public List<Map<String, String>> requirementDirectives(String namespace) {
    if (revision == null) {
      return List.of();
    }
    return revision.getDeclaredRequirements(namespace).stream().map(r -> r.getDirectives()).toList();
  }

  @Override
  public Optional<byte[]> entry(String path, int maxBytes) throws IOException {
    URL url = bundle.getEntry(path);
    if (url == null) {
      return Optional.empty();
    }
    try (InputStream in = url.openStream()) {
      return Optional.of(Bounded.readAll(in, maxBytes, path));
    }
  }
}
