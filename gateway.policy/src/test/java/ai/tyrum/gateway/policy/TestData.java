package ai.tyrum.gateway.policy;

import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A data dir and an event log for tests, without a framework. */
public final class TestData implements DataDirectory, GatewayEvents {

  public record Event(String type, Map<String, Object> payload) {}

  public final Path root;
  public final List<Event> events = new CopyOnWriteArrayList<>();

  public TestData(Path root) {
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
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".tmp", "");
    Files.write(temp, bytes);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public long record(String type, Map<String, Object> payload) {
    events.add(new Event(type, Map.copyOf(payload)));
    return events.size();
  }

  public List<Event> events(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  public void write(String relative, String content) throws IOException {
    Path file = root.resolve("policy").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
