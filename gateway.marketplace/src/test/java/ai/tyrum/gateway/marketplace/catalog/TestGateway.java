package ai.tyrum.gateway.marketplace.catalog;

import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.PluginPolicy;
import ai.tyrum.gateway.spi.PluginRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The services a {@link SourceCatalogs} needs, over a temporary data dir: events kept in a list, policy set by the test. */
final class TestGateway implements DataDirectory, GatewayEvents, PluginPolicy {

  record Event(String type, Map<String, Object> payload) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  volatile PluginRules rules = PluginRules.DEFAULT;
  private final Path root;

  TestGateway(Path root) {
    this.root = root;
  }

  @Override
  public Path dir(String name) {
    try {
      return Files.createDirectories(root.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeAtomically(Path target, byte[] bytes) throws IOException {
    Files.write(target, bytes);
  }

  @Override
  public long record(String type, Map<String, Object> payload) {
    events.add(new Event(type, payload));
    return events.size();
  }

  @Override
  public PluginRules rules() {
    return rules;
  }

  void allowSources(String... names) {
    rules = new PluginRules(true, false, List.of(names), Map.of());
  }
}
