package ai.tyrum.gateway.core.secret;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.json.UnpairedSurrogates;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.core.JacksonException;

/**
 * The secrets of the data dir, in {@code <data>/secrets/secrets.json} ({@value #FORMAT}): per scope, per
 * name, the value and when and by whom it was set. The file is written atomically and owner-only (0600)
 * in an owner-only folder of an owner-only data dir; it is not encrypted, so whoever can read the data dir
 * as its owner reads the secrets. A value appears in no message, event or log line.
 */
@Component(service = SecretStore.class)
public final class DataDirSecretStore implements SecretStore {

  static final String DIR = "secrets";
  static final String FILE_NAME = "secrets.json";
  static final String FORMAT = "tyrum.secrets.v1";

  private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final DataDirectory data;
  private final GatewayEvents events;
  private final Clock clock;
  private final Path file;
  /** Copy-on-write under {@code this}, so a plugin's read never waits for an operator's write. */
  private volatile SortedMap<Key, Stored> secrets;

  /** A secret's place; ordered by scope, then name, as every listing shows them. */
  private record Key(String scope, String name) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int byScope = scope.compareTo(other.scope);
      return byScope != 0 ? byScope : name.compareTo(other.name);
    }
  }

  /** A stored secret. {@code toString} leaves the value out, should one ever reach a log. */
  private record Stored(String value, Instant setAt, String setBy) {
    @Override
    public String toString() {
      return "Stored[set_at=" + setAt + ", set_by=" + setBy + "]";
    }
  }

  @Activate
  public DataDirSecretStore(@Reference DataDirectory data, @Reference GatewayEvents events) {
    this(data, events, Clock.systemUTC());
  }

  DataDirSecretStore(DataDirectory data, GatewayEvents events, Clock clock) {
    this.data = data;
    this.events = events;
    this.clock = clock;
    this.file = data.dir(DIR).resolve(FILE_NAME);
    this.secrets = Files.exists(file) ? read(file) : new TreeMap<>();
  }

  @Override
  public synchronized SecretInfo set(String scope, String name, String value, String actor) {
    Key key = key(scope, name);
    checkValue(value);
    Stored stored = new Stored(value, Instant.now(clock).truncatedTo(ChronoUnit.MILLIS), actor);
    SortedMap<Key, Stored> updated = new TreeMap<>(secrets);
    updated.put(key, stored);
    commit(updated, changed("set", key, actor));
    return info(key, stored);
  }

  @Override
  public List<SecretInfo> list() {
    return secrets.entrySet().stream().map(e -> info(e.getKey(), e.getValue())).toList();
  }

  @Override
  public synchronized SecretInfo delete(String scope, String name, String actor) {
    Key key = key(scope, name);
    Stored stored = secrets.get(key);
    if (stored == null) {
      throw new SecretException("secret_not_found", 404, "no secret " + name + " is set in scope " + scope
          + "; secret:list or GET /secrets lists them", List.of("name"));
    }
    SortedMap<Key, Stored> updated = new TreeMap<>(secrets);
    updated.remove(key);
    commit(updated, changed("deleted", key, actor));
    return info(key, stored);
  }

  @Override
  public Optional<String> value(String scope, String name) {
    return Optional.ofNullable(secrets.get(new Key(scope, name))).map(Stored::value);
  }

  private static Key key(String scope, String name) {
    if (scope == null || !SCOPE.matcher(scope).matches()) {
      throw new SecretException("invalid_secret_name", 400, "'" + shown(scope) + "' is not a secret scope: " + SCOPE_RULE,
          List.of("scope"));
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new SecretException("invalid_secret_name", 400, "'" + shown(name) + "' is not a secret name: " + NAME_RULE,
          List.of("name"));
    }
    return new Key(scope, name);
  }

  /** A refused scope or name as a message repeats it: short, whatever a client sent. */
  private static String shown(String text) {
    return text == null ? "" : text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  private static void checkValue(String value) {
    if (value == null || value.isEmpty()) {
      throw new SecretException("invalid_secret_value", 400, "a secret's value is 1 to " + MAX_VALUE_BYTES
          + " bytes of text; to remove a secret, delete it", List.of("/value"));
    }
    if (UnpairedSurrogates.indexIn(value) >= 0) {
      throw new SecretException("invalid_secret_value", 400,
          "the value holds an unpaired UTF-16 surrogate, which no file can store as text", List.of("/value"));
    }
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_VALUE_BYTES) {
      throw new SecretException("value_too_large", 413,
          "the value is " + bytes + " bytes; a secret holds at most " + MAX_VALUE_BYTES + " bytes", List.of("/value"));
    }
  }

  private static SecretInfo info(Key key, Stored stored) {
    return new SecretInfo(key.scope(), key.name(), stored.setAt(), stored.setBy());
  }

  private static Map<String, Object> changed(String kind, Key key, String actor) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("kind", kind);
    payload.put("scope", key.scope());
    payload.put("name", key.name());
    payload.put("actor", actor);
    return payload;
  }

  /**
   * Writes {@code updated}, then records the event; when the record cannot be made durable the file is
   * put back as it was, so that nothing changed unaudited.
   */
  private void commit(SortedMap<Key, Stored> updated, Map<String, Object> event) {
    SortedMap<Key, Stored> previous = secrets;
    save(updated);
    try {
      events.record("secret.changed", event);
    } catch (RuntimeException e) {
      try {
        save(previous);
      } catch (UncheckedIOException restore) {
        e.addSuppressed(restore);
      }
      throw e;
    }
    secrets = updated;
  }

  private void save(SortedMap<Key, Stored> updated) {
    Map<String, Map<String, Object>> scopes = new TreeMap<>();
    updated.forEach((key, stored) -> {
      Map<String, Object> secret = new LinkedHashMap<>();
      secret.put("value", stored.value());
      secret.put("set_at", stored.setAt().toString());
      secret.put("set_by", stored.setBy());
      scopes.computeIfAbsent(key.scope(), s -> new TreeMap<>()).put(key.name(), secret);
    });
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("scopes", scopes);
    try {
      data.writeAtomically(file, Json.PRETTY.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Reads the secrets file, strictly: a damaged file stops the store rather than lose secrets at the next
   * write. The messages name the scope and name at fault, never a value.
   */
  private static SortedMap<Key, Stored> read(Path file) {
    Map<String, Object> json;
    try {
      json = Json.object(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (JacksonException | IllegalArgumentException e) {
      // the parser's message may quote the file's content, a value included: it is left out
      throw new IllegalStateException(file + " is not a secrets file (" + FORMAT + "): restore it from a backup");
    }
    if (!FORMAT.equals(json.get("format"))) {
      throw new IllegalStateException(file + " has format " + json.get("format") + ", expected " + FORMAT);
    }
    if (!(json.get("scopes") instanceof Map<?, ?> scopes)) {
      throw new IllegalStateException(file + " has no scopes object");
    }
    SortedMap<Key, Stored> secrets = new TreeMap<>();
    scopes.forEach((scope, names) -> {
      if (!(scope instanceof String s) || !SCOPE.matcher(s).matches() || !(names instanceof Map<?, ?> byName)) {
        throw new IllegalStateException(file + " holds a malformed scope " + scope);
      }
      byName.forEach((name, secret) -> secrets.put(new Key(s, String.valueOf(name)), stored(file, s, name, secret)));
    });
    return secrets;
  }

  private static Stored stored(Path file, String scope, Object name, Object secret) {
    if (name instanceof String n && NAME.matcher(n).matches()
        && secret instanceof Map<?, ?> fields
        && fields.get("value") instanceof String value && !value.isEmpty()
        && fields.get("set_at") instanceof String setAt
        && fields.get("set_by") instanceof String setBy) {
      try {
        return new Stored(value, Instant.parse(setAt), setBy);
      } catch (RuntimeException unparsable) {
        // reported below
      }
    }
    throw new IllegalStateException(file + " holds a malformed secret " + name + " in scope " + scope
        + ": it needs a value, a set_at time and a set_by");
  }
}
