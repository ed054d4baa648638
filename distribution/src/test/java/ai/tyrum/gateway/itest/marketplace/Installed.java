package ai.tyrum.gateway.itest.marketplace;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a real gateway holds of its plugins, read the way an operator would: the lockfile, the store, the
 * framework's bundles and the {@code plugin.lifecycle} events of {@code GET /events}. A refused operation
 * leaves {@link #snapshot} unchanged.
 */
final class Installed {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Installed() {}

  /**
   * Waits until the pipeline has brought the framework in line with the lockfile, and on a first start
   * installed the bundled catalog's plugins: it registers PluginLock then. Until then a snapshot may
   * catch the store mid-write.
   */
  static void ready(GatewayFramework gateway) {
    gateway.service(PluginLock.class);
  }

  /** The lockfile's entry of {@code id}, or a missing node. */
  static JsonNode lockEntry(GatewayFramework gateway, String id) {
    return lockfile(gateway).path("plugins").path(id);
  }

  static JsonNode lockfile(GatewayFramework gateway) {
    Path file = gateway.data().resolve("plugins.lock.json");
    try {
      return Files.exists(file) ? JSON.readTree(Files.readString(file)) : JSON.createObjectNode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file names in {@code store/}. */
  static Set<String> store(GatewayFramework gateway) {
    Path store = gateway.data().resolve("store");
    if (!Files.isDirectory(store)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(store)) {
      return new TreeSet<>(files.map(f -> f.getFileName().toString()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Location, symbolic name, version and state of every bundle the framework holds. */
  static Set<String> bundles(GatewayFramework gateway) {
    return new TreeSet<>(Arrays.stream(gateway.context().getBundles())
        .map(b -> b.getLocation() + " " + b.getSymbolicName() + " " + b.getVersion() + " " + b.getState())
        .toList());
  }

  /** The bundle of plugin {@code id} installed by the pipeline (at {@code tyrum:plugin:ID}), if any. */
  static Bundle bundle(GatewayFramework gateway, String location) {
    return Arrays.stream(gateway.context().getBundles()).filter(b -> b.getLocation().equals(location)).findFirst().orElse(null);
  }

  /** Lockfile, store and framework together: what a refusal must leave as it found. */
  static String snapshot(GatewayFramework gateway) {
    return lockfile(gateway).path("plugins") + "\n" + store(gateway) + "\n" + bundles(gateway);
  }

  /** The sequence number of the newest event, to read only what follows it. */
  static long lastSeq(GatewayFramework gateway) {
    long after = 0;
    while (true) {
      JsonNode events = gateway.http().get("/events?after=" + after).assertStatus(200).json().path("events");
      if (events.isEmpty()) {
        return after;
      }
      after = events.get(events.size() - 1).path("seq").asLong();
    }
  }

  /** The payloads of the {@code plugin.lifecycle} events of {@code kind} after {@code seq}. */
  static List<JsonNode> lifecycle(GatewayFramework gateway, long seq, String kind) {
    return events(gateway, seq, "plugin.lifecycle").stream().filter(p -> p.path("kind").asString().equals(kind)).toList();
  }

  /** The payloads of the events of {@code type} after {@code seq}. */
  static List<JsonNode> events(GatewayFramework gateway, long seq, String type) {
    List<JsonNode> found = new ArrayList<>();
    long after = seq;
    while (true) {
      JsonNode events = gateway.http().get("/events?after=" + after).assertStatus(200).json().path("events");
      if (events.isEmpty()) {
        return found;
      }
      for (JsonNode event : events) {
        if (event.path("type").asString().equals(type)) {
          found.add(event.path("payload"));
        }
      }
      after = events.get(events.size() - 1).path("seq").asLong();
    }
  }

  /** The one {@code failed} event after {@code seq}, with its reason. */
  static JsonNode failed(GatewayFramework gateway, long seq) {
    List<JsonNode> failed = lifecycle(gateway, seq, "failed");
    if (failed.size() != 1) {
      throw new AssertionError("expected one plugin.lifecycle failed event, found " + failed);
    }
    return failed.get(0);
  }

  /** What the tool {@code greet} of plugin versioned answers for {@code name}. */
  static JsonNode greet(GatewayFramework gateway, String name) {
    return gateway.http().post("/tools/plugin.versioned.greet/invoke",
        "{\"agent\":\"default\",\"input\":{\"name\":\"" + name + "\"}}").json();
  }

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }
}
