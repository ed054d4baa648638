package ai.tyrum.gateway.core.token;

import ai.tyrum.gateway.core.data.AtomicFiles;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.AgentId;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.core.JacksonException;

/**
 * Bearer tokens for the HTTP API (DESIGN §7), kept in {@code <data>/tokens/tokens.json} as SHA-256
 * hashes only. The first start mints a bootstrap admin token and prints it once on standard output;
 * a token created later is returned once to whoever created it. Neither exists anywhere else.
 *
 * <p>The file is {@value #FORMAT}. It reads {@value #FORMAT_V1} too (id, hash, scopes, created), but
 * never writes it: a gateway that knew only v1 would ignore a revocation, an expiry or an agent
 * binding, so it must refuse the file rather than let such a token act unrestricted.
 */
@Component(service = Tokens.class)
public final class TokenStore implements Tokens {

  private static final System.Logger LOG = System.getLogger(TokenStore.class.getName());

  static final String FILE_NAME = "tokens.json";
  static final String FORMAT = "tyrum.tokens.v2";
  static final String FORMAT_V1 = "tyrum.tokens.v1";
  static final String PREFIX = "tyr_";
  static final String BOOTSTRAP_ID = "bootstrap";

  /** A presented token longer than this is not one of ours; refuse before hashing it. */
  private static final int MAX_PRESENTED = 256;
  private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final GatewayEvents events;
  private Path file;
  /** Copy-on-write under {@code this}, so authenticate never blocks on a create or a revoke. */
  private volatile List<Entry> entries = List.of();

  /** One stored token: the hash as bytes for the comparison, and what may be shown of it. */
  private record Entry(byte[] sha256, TokenInfo info) {

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", info.id());
      info.name().ifPresent(name -> json.put("name", name));
      json.put("sha256", HexFormat.of().formatHex(sha256));
      json.put("scopes", List.copyOf(new TreeSet<>(info.scopes())));
      info.agent().ifPresent(agent -> json.put("agent", agent));
      json.put("created", info.created().toString());
      info.expiresAt().ifPresent(at -> json.put("expires_at", at.toString()));
      info.revokedAt().ifPresent(at -> json.put("revoked_at", at.toString()));
      return json;
    }

    Entry revoked(Instant at) {
      return new Entry(sha256, new TokenInfo(info.id(), info.name(), info.scopes(), info.agent(), info.created(),
          info.expiresAt(), Optional.of(at)));
    }
  }

  /** The tokens of the data dir; a first start prints the bootstrap admin token on standard output. */
  @Activate
  public TokenStore(@Reference DataDirectory data, @Reference GatewayEvents events) {
    this(data.dir("tokens"), System.out, Clock.systemUTC(), events);
  }

  /** Tokens in {@code dir}, the bootstrap line printed to {@code out}, times read from {@code clock}. */
  TokenStore(Path dir, PrintStream out, Clock clock, GatewayEvents events) {
    this.clock = clock;
    this.events = events;
    load(dir, out);
  }

  /**
   * {@inheritDoc} Every stored hash is compared in constant time, and all of them always, so timing
   * tells nothing about which one came close.
   */
  @Override
  public Optional<Token> authenticate(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > MAX_PRESENTED) {
      return Optional.empty();
    }
    byte[] hash = sha256(presented);
    Entry match = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.sha256(), hash) && match == null) {
        match = entry;
      }
    }
    if (match == null) {
      return Optional.empty();
    }
    TokenInfo info = match.info();
    switch (info.state(now())) {
      case revoked -> throw TokenException.refused(TokenException.REVOKED, info.id(),
          "token " + info.id() + " was revoked at " + info.revokedAt().orElseThrow() + "; ask an operator for a new one");
      case expired -> throw TokenException.refused(TokenException.EXPIRED, info.id(),
          "token " + info.id() + " expired at " + info.expiresAt().orElseThrow() + "; ask an operator for a new one");
      default -> {
        return Optional.of(new Token(info.id(), info.scopes(), info.agent()));
      }
    }
  }

  @Override
  public synchronized Issued create(TokenRequest request, String actor) {
    Set<String> scopes = checkScopes(request.scopes());
    Optional<String> agent = request.agent();
    if (agent.isPresent() && !AgentId.valid(agent.get())) {
      throw new TokenException("invalid_agent", 400, "'" + agent.get() + "' is not an agent id: " + AgentId.RULE,
          List.of("/agent"));
    }
    Optional<String> name = request.name();
    Instant now = now();
    if (name.isPresent()) {
      checkName(name.get(), now);
    }
    Optional<Instant> expiresAt = request.expires().map(duration -> now.plus(duration).truncatedTo(ChronoUnit.SECONDS));
    TokenInfo info = new TokenInfo(randomId(), name, scopes, agent, now, expiresAt, Optional.empty());
    String token = newToken();
    List<Entry> previous = entries;
    List<Entry> updated = new ArrayList<>(previous);
    updated.add(new Entry(sha256(token), info));
    commit(previous, updated, "token.created", created(info, actor));
    return new Issued(token, info);
  }

  @Override
  public List<TokenInfo> list() {
    return entries.stream().map(Entry::info).toList();
  }

  @Override
  public synchronized TokenInfo revoke(String id, String actor) {
    List<Entry> previous = entries;
    int index = indexOf(id);
    Entry entry = previous.get(index);
    if (entry.info().revokedAt().isPresent()) {
      return entry.info();
    }
    Entry revoked = entry.revoked(now());
    List<Entry> updated = new ArrayList<>(previous);
    updated.set(index, revoked);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", id);
    payload.put("actor", actor);
    commit(previous, updated, "token.revoked", payload);
    if (!adminReachable()) {
      LOG.log(System.Logger.Level.WARNING, warningWithoutAdmin());
    }
    return revoked.info();
  }

  @Override
  public Optional<String> adminWarning() {
    return adminReachable() ? Optional.empty() : Optional.of(warningWithoutAdmin());
  }

  @Override
  public Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }

  private boolean adminReachable() {
    Instant now = now();
    return entries.stream()
        .map(Entry::info)
        .anyMatch(info -> info.state(now) == TokenInfo.State.active && info.agent().isEmpty()
            && new Token(info.id(), info.scopes()).allows(Token.OPERATOR_ADMIN));
  }

  private static String warningWithoutAdmin() {
    return "no active token holds operator.admin or admin any more: create one at the gateway's console"
        + " (token:create --scope operator.admin) to manage the gateway over HTTP";
  }

  private int indexOf(String id) {
    List<Entry> current = entries;
    for (int i = 0; i < current.size(); i++) {
      if (current.get(i).info().id().equals(id)) {
        return i;
      }
    }
    throw new TokenException("unknown_token", 404, "no token has id " + id + "; token:list or GET /tokens lists them",
        List.of("id"));
  }

  private static Set<String> checkScopes(List<String> scopes) {
    if (scopes.isEmpty()) {
      throw new TokenException("invalid_scope", 400,
          "a token needs at least one scope, of " + String.join(", ", new TreeSet<>(Token.KNOWN_SCOPES)), List.of("/scopes"));
    }
    for (int i = 0; i < scopes.size(); i++) {
      if (!Token.KNOWN_SCOPES.contains(scopes.get(i))) {
        throw new TokenException("invalid_scope", 400, "'" + scopes.get(i) + "' is not a scope; the scopes are "
            + String.join(", ", new TreeSet<>(Token.KNOWN_SCOPES)), List.of("/scopes/" + i));
      }
    }
    return Set.copyOf(scopes);
  }

  private void checkName(String name, Instant now) {
    if (!NAME.matcher(name).matches()) {
      throw new TokenException("invalid_name", 400,
          "a token name is 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or digit", List.of("/name"));
    }
    for (Entry entry : entries) {
      if (entry.info().name().equals(Optional.of(name)) && entry.info().state(now) == TokenInfo.State.active) {
        throw new TokenException("token_name_taken", 400,
            "active token " + entry.info().id() + " is named " + name + " already; choose another name or revoke it",
            List.of("/name"));
      }
    }
  }

  private static Map<String, Object> created(TokenInfo info, String actor) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", info.id());
    // what the token lacks is left out, as EventAdmin takes no null property
    info.name().ifPresent(name -> payload.put("name", name));
    payload.put("scopes", List.copyOf(new TreeSet<>(info.scopes())));
    info.agent().ifPresent(agent -> payload.put("agent", agent));
    info.expiresAt().ifPresent(at -> payload.put("expires_at", at.toString()));
    payload.put("actor", actor);
    return payload;
  }

  /**
   * Writes {@code updated}, then records the event; when the record cannot be made durable the file
   * is put back as it was, so that nothing changed unaudited.
   */
  private void commit(List<Entry> previous, List<Entry> updated, String type, Map<String, Object> payload) {
    save(updated);
    try {
      events.record(type, payload);
    } catch (RuntimeException e) {
      try {
        save(previous);
      } catch (UncheckedIOException restore) {
        e.addSuppressed(restore);
      }
      throw e;
    }
    entries = List.copyOf(updated);
  }

  private synchronized void load(Path dir, PrintStream out) {
    file = dir.resolve(FILE_NAME);
    entries = Files.exists(file) ? read(file) : List.of();
    if (entries.isEmpty()) {
      // Stored before it is shown: a token that was printed but not saved would never work.
      String token = newToken();
      TokenInfo info = new TokenInfo(BOOTSTRAP_ID, Optional.empty(), Set.of(Token.ADMIN), Optional.empty(), now(),
          Optional.empty(), Optional.empty());
      List<Entry> updated = List.of(new Entry(sha256(token), info));
      save(updated);
      entries = updated;
      out.println("bootstrap admin token: " + token);
      out.flush();
    }
  }

  /**
   * Reads the token file, strictly: a damaged file is an error, never a reason to mint a new admin
   * token.
   */
  private static List<Entry> read(Path file) {
    Map<String, Object> json;
    try {
      json = Json.object(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new IllegalStateException(file + " is not a token file: " + e.getMessage()
          + "; restore it from a backup, or remove it to mint a new bootstrap admin token", e);
    }
    Object format = json.get("format");
    if (!FORMAT.equals(format) && !FORMAT_V1.equals(format)) {
      throw new IllegalStateException(file + " has format " + format + ", expected " + FORMAT + " or " + FORMAT_V1);
    }
    if (!(json.get("tokens") instanceof List<?> tokens)) {
      throw new IllegalStateException(file + " has no tokens list");
    }
    List<Entry> entries = new ArrayList<>(tokens.size());
    for (Object element : tokens) {
      try {
        entries.add(entry(element, FORMAT_V1.equals(format)));
      } catch (RuntimeException malformed) {
        throw new IllegalStateException(file + " holds a malformed token entry: " + element
            + (malformed.getMessage() == null ? "" : " (" + malformed.getMessage() + ")"), malformed);
      }
    }
    return List.copyOf(entries);
  }

  @SuppressWarnings("unchecked")
  private static Entry entry(Object element, boolean v1) {
    if (!(element instanceof Map<?, ?> token)
        || !(token.get("id") instanceof String id)
        || !(token.get("sha256") instanceof String hash)
        || !HASH.matcher(hash).matches()
        || !(token.get("scopes") instanceof List<?> scopes)
        || scopes.isEmpty()
        || !scopes.stream().allMatch(scope -> scope instanceof String text && SCOPE.matcher(text).matches())) {
      throw new IllegalArgumentException("it needs an id, a sha256 and scopes");
    }
    // v1 wrote "created" as text and tolerated none; what it cannot tell is shown as the epoch
    Instant created = token.get("created") instanceof String text && !text.isEmpty() ? instant(text, v1) : Instant.EPOCH;
    Optional<String> agent = optionalString(token, "agent");
    if (agent.isPresent() && !AgentId.valid(agent.get())) {
      throw new IllegalArgumentException("agent " + agent.get() + " is not an agent id");
    }
    TokenInfo info = new TokenInfo(id, optionalString(token, "name"), Set.copyOf((List<String>) scopes), agent, created,
        optionalString(token, "expires_at").map(Instant::parse), optionalString(token, "revoked_at").map(Instant::parse));
    return new Entry(HexFormat.of().parseHex(hash), info);
  }

  private static Instant instant(String text, boolean lenient) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      if (lenient) {
        return Instant.EPOCH;
      }
      throw e;
    }
  }

  private static Optional<String> optionalString(Map<?, ?> token, String field) {
    Object value = token.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    return Optional.of(text);
  }

  private void save(List<Entry> updated) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("tokens", updated.stream().map(Entry::toJson).toList());
    try {
      AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String newToken() {
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
  }

  private static String randomId() {
    return HexFormat.of().formatHex(randomBytes(6));
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
