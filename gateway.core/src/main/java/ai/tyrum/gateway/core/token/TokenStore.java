package ai.tyrum.gateway.core.token;

import ai.tyrum.gateway.core.data.AtomicFiles;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.DataDirectory;
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
 * the plain token exists nowhere else, so it is never printed or logged again.
 */
@Component(service = TokenStore.class)
public final class TokenStore {

  static final String FILE_NAME = "tokens.json";
  static final String FORMAT = "tyrum.tokens.v1";
  static final String PREFIX = "tyr_";
  static final String BOOTSTRAP_ID = "bootstrap";

  /** A presented token longer than this is not one of ours; refuse before hashing it. */
  private static final int MAX_PRESENTED = 256;
  private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private Path file;
  /** Copy-on-write under {@code this}, so authenticate never blocks on an issue. */
  private volatile List<Entry> entries = List.of();

  /** One stored token: the hash as bytes for the comparison, the rest as it is stored. */
  private record Entry(String id, byte[] sha256, Set<String> scopes, String created) {

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", id);
      json.put("sha256", HexFormat.of().formatHex(sha256));
      json.put("scopes", List.copyOf(new TreeSet<>(scopes)));
      json.put("created", created);
      return json;
    }
  }

  /** The tokens of the data dir; a first start prints the bootstrap admin token on standard output. */
  @Activate
  public TokenStore(@Reference DataDirectory data) {
    this(data.dir("tokens"), System.out, Clock.systemUTC());
  }

  /** Tokens in {@code dir}, the bootstrap line printed to {@code out}, times read from {@code clock}. */
  TokenStore(Path dir, PrintStream out, Clock clock) {
    this.clock = clock;
    load(dir, out);
  }

  /**
   * The token {@code presented} (the bearer value) stands for, if any. Every stored hash is compared in
   * constant time, and all of them always, so timing tells nothing about which one came close.
   */
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
    return match == null ? Optional.empty() : Optional.of(new Token(match.id(), match.scopes()));
  }

  /**
   * Mints a token with {@code scopes}, stores its hash durably, and returns the plain token: the only
   * time it exists outside the caller.
   *
   * @throws IllegalArgumentException if {@code scopes} is empty or names a malformed scope
   * @throws UncheckedIOException if the token file cannot be written; no token is issued then
   */
  public String issue(Set<String> scopes) {
    return issue(randomId(), scopes);
  }

  private synchronized String issue(String id, Set<String> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      throw new IllegalArgumentException("a token needs at least one scope");
    }
    for (String scope : scopes) {
      if (scope == null || !SCOPE.matcher(scope).matches()) {
        throw new IllegalArgumentException("not a scope: " + scope);
      }
    }
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    List<Entry> updated = new ArrayList<>(entries);
    updated.add(new Entry(id, sha256(token), Set.copyOf(new TreeSet<>(scopes)),
        Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString()));
    save(updated);
    entries = List.copyOf(updated);
    return token;
  }

  private synchronized void load(Path dir, PrintStream out) {
    file = dir.resolve(FILE_NAME);
    entries = Files.exists(file) ? read(file) : List.of();
    if (entries.isEmpty()) {
      // Stored before it is shown: a token that was printed but not saved would never work.
      String token = issue(BOOTSTRAP_ID, Set.of(Token.ADMIN));
      out.println("bootstrap admin token: " + token);
      out.flush();
    }
  }

  /**
   * Reads the token file, strictly: a damaged file is an error, never a reason to mint a new admin
   * token.
   */
  @SuppressWarnings("unchecked")
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
    if (!FORMAT.equals(json.get("format"))) {
      throw new IllegalStateException(file + " has format " + json.get("format") + ", expected " + FORMAT);
    }
    if (!(json.get("tokens") instanceof List<?> tokens)) {
      throw new IllegalStateException(file + " has no tokens list");
    }
    List<Entry> entries = new ArrayList<>(tokens.size());
    for (Object element : tokens) {
      if (!(element instanceof Map<?, ?> token)
          || !(token.get("id") instanceof String id)
          || !(token.get("sha256") instanceof String hash)
          || !HASH.matcher(hash).matches()
          || !(token.get("scopes") instanceof List<?> scopes)
          || !scopes.stream().allMatch(String.class::isInstance)) {
        throw new IllegalStateException(file + " holds a malformed token entry: " + element);
      }
      String created = token.get("created") instanceof String text ? text : "";
      entries.add(new Entry(id, HexFormat.of().parseHex(hash), Set.copyOf((List<String>) scopes), created));
    }
    return List.copyOf(entries);
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
