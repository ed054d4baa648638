package ai.tyrum.gateway.core.manifest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link PluginSource} that passes every question to another: a test overrides what it watches or changes. */
class ForwardingSource implements PluginSource {
  private final PluginSource source;

  ForwardingSource(PluginSource source) {
    this.source = source;
  }

  @Override
  public Optional<String> header(String name) {
    return source.header(name);
  }

  @Override
  public List<Map<String, Object>> capabilities(String namespace) {
    return source.capabilities(namespace);
  }

  @Override
  public List<Map<String, String>> requirementDirectives(String namespace) {
    return source.requirementDirectives(namespace);
  }

  @Override
  public Optional<byte[]> entry(String path, int maxBytes) throws IOException {
    return source.entry(path, maxBytes);
  }
}
