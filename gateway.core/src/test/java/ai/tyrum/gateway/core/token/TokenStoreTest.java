package ai.tyrum.gateway.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.json.Json;
import java.io.ByteArrayOutputStream;
import ai.tyrum.gateway.spi.AuditException;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

  private static final Pattern BOOTSTRAP_LINE = Pattern.compile("bootstrap admin token: (tyr_[A-Za-z0-9_-]{43})");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-03T04:05:06.789Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<Map.Entry<String, Map<String, Object>>> recorded = new ArrayList<>();
  private final GatewayEvents events = (type, payload) -> {
    recorded.add(Map.entry(type, payload));
    return recorded.size();
  };
  private final MutableClock clock = new MutableClock(CLOCK.instant());

  private TokenStore activate() {
    return new TokenStore(dir, new PrintStream(out, true, StandardCharsets.UTF_8), clock, events);
  }

  private static TokenRequest scopes(String... scopes) {
    return new TokenRequest(List.of(scopes), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A clock tests move forward instead of sleeping. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String bootstrapToken() {
    Matcher matcher = BOOTSTRAP_LINE.matcher(printed().strip());
    assertThat(matcher.matches()).as("printed: %s", printed()).isTrue();
    return matcher.group(1);
  }

  @Test
  void theFirstActivationPrintsExactlyOneBootstrapAdminTokenLine() {
    TokenStore store = activate();

    assertThat(printed().lines()).hasSize(1);
    String token = bootstrapToken();
    assertThat(store.authenticate(token)).hasValueSatisfying(authenticated -> {
      assertThat(authenticated.id()).isEqualTo("bootstrap");
      assertThat(authenticated.scopes()).containsExactly("admin");
    });
  }

  @Test
  void theFileHoldsOnlyTheSha256OfTheToken() throws Exception {
    activate();
    String token = bootstrapToken();
    String file = Files.readString(dir.resolve("tokens.json"));

    assertThat(file).doesNotContain(token).doesNotContain(token.substring(4));
    Map<String, Object> json = Json.object(file);
    assertThat(json).containsEntry("format", "tyrum.tokens.v2");
    String sha256 = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    assertThat(json.get("tokens")).isEqualTo(List.of(Map.of(
        "id", "bootstrap", "sha256", sha256, "scopes", List.of("admin"), "created", "2026-02-03T04:05:06.789Z")));
  }

  @Test
  void theTokenFileIsOwnerOnly() throws IOException {
    activate();
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tokens.json"))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void aSecondActivationPrintsNothingAndStillKnowsTheToken() {
    activate();
    String token = bootstrapToken();
    out.reset();

    TokenStore again = activate();

    assertThat(printed()).isEmpty();
    assertThat(again.authenticate(token)).isPresent();
  }

  @Test
  void aFileWithoutTokensGetsANewBootstrapToken() throws IOException {
    Files.writeString(dir.resolve("tokens.json"), "{\"format\":\"tyrum.tokens.v1\",\"tokens\":[]}");
    activate();
    assertThat(bootstrapToken()).startsWith("tyr_");
  }

  @Test
  void aDamagedFileStopsActivationInsteadOfMintingAnotherAdminToken() throws IOException {
    Files.writeString(dir.resolve("tokens.json"), "{\"format\":\"tyrum.tokens.v1\",\"tokens\":[{\"id\":");
    assertThatThrownBy(this::activate).isInstanceOf(IllegalStateException.class).hasMessageContaining("tokens.json");
    Files.writeString(dir.resolve("tokens.json"), "{\"format\":\"other\",\"tokens\":[]}");
    assertThatThrownBy(this::activate).isInstanceOf(IllegalStateException.class).hasMessageContaining("format");
    Files.writeString(dir.resolve("tokens.json"),
        "{\"format\":\"tyrum.tokens.v1\",\"tokens\":[{\"id\":\"x\",\"sha256\":\"00\",\"scopes\":[]}]}");
    assertThatThrownBy(this::activate).isInstanceOf(IllegalStateException.class).hasMessageContaining("malformed");
    Files.writeString(dir.resolve("tokens.json"), "{\"format\":\"tyrum.tokens.v2\",\"tokens\":[{\"id\":\"x\",\"sha256\":\""
        + "0".repeat(64) + "\",\"scopes\":[\"admin\"],\"created\":\"2026-01-01T00:00:00Z\",\"revoked_at\":\"yesterday\"}]}");
    assertThatThrownBy(this::activate).isInstanceOf(IllegalStateException.class).hasMessageContaining("malformed");
    assertThat(printed()).isEmpty();
  }

  @Test
  void wrongMissingAndOversizedTokensAuthenticateNobody() {
    TokenStore store = activate();
    String token = bootstrapToken();

    assertThat(store.authenticate(token + "x")).isEmpty();
    assertThat(store.authenticate(token.substring(0, token.length() - 1))).isEmpty();
    assertThat(store.authenticate("")).isEmpty();
    assertThat(store.authenticate(null)).isEmpty();
    assertThat(store.authenticate("tyr_" + "a".repeat(10_000))).isEmpty();
  }

  @Test
  void createdTokensAreDistinctPersistedAndPrintedNowhere() {
    TokenStore store = activate();
    out.reset();

    String reader = store.create(scopes("operator.read"), "console").token();
    String writer = store.create(scopes("operator.write"), "console").token();

    assertThat(reader).startsWith("tyr_").isNotEqualTo(writer);
    assertThat(printed()).isEmpty();
    TokenStore reloaded = activate();
    assertThat(reloaded.authenticate(reader)).hasValueSatisfying(t -> assertThat(t.scopes()).containsExactly("operator.read"));
    assertThat(reloaded.authenticate(writer)).hasValueSatisfying(t -> assertThat(t.scopes()).containsExactly("operator.write"));
    assertThat(reloaded.authenticate(reader).orElseThrow().id())
        .isNotEqualTo(reloaded.authenticate(writer).orElseThrow().id());
  }

  @Test
  void createRefusesMissingAndUnknownScopesNamingTheOneAtFault() {
    TokenStore store = activate();
    assertThatThrownBy(() -> store.create(scopes(), "console"))
        .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.code()).isEqualTo("invalid_scope"));
    assertThatThrownBy(() -> store.create(scopes("operator.read", "echo.rpc"), "console"))
        .isInstanceOfSatisfying(TokenException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_scope");
          assertThat(e.details()).containsExactly("/scopes/1");
          assertThat(e.getMessage()).contains("echo.rpc");
        });
    assertThat(store.list()).hasSize(1);
    assertThat(recorded).isEmpty();
  }

  @Test
  void createRefusesAnAgentThatIsNotAnAgentIdAndANameAnActiveTokenHolds() {
    TokenStore store = activate();
    assertThatThrownBy(() -> store.create(
        new TokenRequest(List.of("tools.invoke"), Optional.of("../etc"), Optional.empty(), Optional.empty()), "console"))
        .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.code()).isEqualTo("invalid_agent"));
    TokenRequest named = new TokenRequest(List.of("tools.invoke"), Optional.empty(), Optional.empty(), Optional.of("ci"));
    Tokens.Issued first = store.create(named, "console");
    assertThatThrownBy(() -> store.create(named, "console"))
        .isInstanceOfSatisfying(TokenException.class, e -> {
          assertThat(e.code()).isEqualTo("token_name_taken");
          assertThat(e.details()).containsExactly("/name");
        });

    store.revoke(first.info().id(), "console");

    assertThat(store.create(named, "console").info().name()).contains("ci");
  }

  @Test
  void aTokenBoundToAnAgentAuthenticatesAsThatAgentAndItsRecordSaysSo() {
    TokenStore store = activate();
    Tokens.Issued issued = store.create(
        new TokenRequest(List.of("tools.invoke"), Optional.of("ops"), Optional.of(Duration.ofDays(7)), Optional.of("bot")), "console");

    assertThat(activate().authenticate(issued.token())).hasValueSatisfying(t -> assertThat(t.agent()).contains("ops"));
    assertThat(recorded.get(0).getValue())
        .containsEntry("name", "bot")
        .containsEntry("agent", "ops")
        .containsEntry("expires_at", "2026-02-10T04:05:06Z");
  }

  @Test
  void anExpiredTokenIsRefusedAsExpiredOnceTheClockPassesItsExpiry() {
    TokenStore store = activate();
    Tokens.Issued issued = store.create(
        new TokenRequest(List.of("operator.read"), Optional.empty(), Optional.of(Duration.ofHours(12)), Optional.empty()), "console");
    assertThat(issued.info().expiresAt()).contains(Instant.parse("2026-02-03T16:05:06Z"));

    clock.advance(Duration.ofHours(11));
    assertThat(store.authenticate(issued.token())).isPresent();
    clock.advance(Duration.ofHours(2));

    assertThatThrownBy(() -> store.authenticate(issued.token()))
        .isInstanceOfSatisfying(TokenException.class, e -> {
          assertThat(e.code()).isEqualTo("token_expired");
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.tokenId()).contains(issued.info().id());
          assertThat(e.getMessage()).doesNotContain(issued.token());
        });
    assertThat(store.list()).filteredOn(t -> t.id().equals(issued.info().id()))
        .singleElement().satisfies(t -> assertThat(t.state(store.now())).isEqualTo(TokenInfo.State.expired));
  }

  @Test
  void aRevokedTokenIsRefusedAsRevokedStaysListedAndIsAuditedById() {
    TokenStore store = activate();
    Tokens.Issued issued = store.create(scopes("operator.write"), "token:bootstrap");

    TokenInfo revoked = store.revoke(issued.info().id(), "console");

    assertThat(revoked.state(store.now())).isEqualTo(TokenInfo.State.revoked);
    TokenStore reloaded = activate();
    assertThatThrownBy(() -> reloaded.authenticate(issued.token()))
        .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.code()).isEqualTo("token_revoked"));
    assertThat(reloaded.list()).extracting(TokenInfo::id).contains(issued.info().id());
    assertThat(recorded).extracting(Map.Entry::getKey).containsExactly("token.created", "token.revoked");
    assertThat(recorded.get(0).getValue())
        .containsEntry("id", issued.info().id())
        .containsEntry("scopes", List.of("operator.write"))
        .containsEntry("actor", "token:bootstrap")
        .doesNotContainKeys("name", "agent", "expires_at");
    assertThat(recorded.get(1).getValue()).isEqualTo(Map.of("id", issued.info().id(), "actor", "console"));
    assertThat(recorded.toString()).doesNotContain(issued.token());
  }

  @Test
  void revokingAnUnknownIdIsUnknownToken() {
    TokenStore store = activate();
    assertThatThrownBy(() -> store.revoke("nope", "console"))
        .isInstanceOfSatisfying(TokenException.class, e -> {
          assertThat(e.code()).isEqualTo("unknown_token");
          assertThat(e.status()).isEqualTo(404);
        });
  }

  @Test
  void revokingTheBootstrapTokenWarnsUntilAnotherAdministratorTokenIsActive() {
    TokenStore store = activate();
    assertThat(store.adminWarning()).isEmpty();

    store.revoke("bootstrap", "console");

    assertThat(store.adminWarning()).hasValueSatisfying(w -> assertThat(w).contains("token:create"));
    store.create(scopes("operator.admin"), "console");
    assertThat(store.adminWarning()).isEmpty();
  }

  @Test
  void aTokenFileOfFormatV1KeepsItsBootstrapTokenWorking() throws Exception {
    String token = "tyr_" + "b".repeat(43);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    Files.writeString(dir.resolve("tokens.json"), "{\"format\":\"tyrum.tokens.v1\",\"tokens\":[{\"id\":\"bootstrap\",\"sha256\":\""
        + sha256 + "\",\"scopes\":[\"admin\"],\"created\":\"2025-11-01T10:00:00.123Z\"}]}");

    TokenStore store = activate();

    assertThat(printed()).isEmpty();
    assertThat(store.authenticate(token)).hasValueSatisfying(t -> {
      assertThat(t.id()).isEqualTo("bootstrap");
      assertThat(t.agent()).isEmpty();
    });
    assertThat(store.list()).singleElement().satisfies(t -> {
      assertThat(t.created()).isEqualTo(Instant.parse("2025-11-01T10:00:00.123Z"));
      assertThat(t.state(store.now())).isEqualTo(TokenInfo.State.active);
    });
    store.create(scopes("operator.read"), "console");
    assertThat(Files.readString(dir.resolve("tokens.json"))).contains("tyrum.tokens.v2");
    assertThat(activate().authenticate(token)).isPresent();
  }

  @Test
  void aFailingWriteChangesNothing() throws IOException {
    Path blocker = Files.createDirectory(dir.resolve("blocked"));
    Path file = blocker.resolve("tokens.json");
    TokenStore blocked = new TokenStore(blocker, new PrintStream(out, true, StandardCharsets.UTF_8), clock, events);
    byte[] before = Files.readAllBytes(file);
    // the atomic write's temporary file cannot be made in a folder that is not writable
    blocker.toFile().setWritable(false);
    try {
      if (Files.isWritable(blocker)) {
        return; // running as root: permissions do not stop the write
      }
      assertThatThrownBy(() -> blocked.create(scopes("operator.read"), "console")).isInstanceOf(UncheckedIOException.class);
      assertThat(blocked.list()).extracting(TokenInfo::id).containsExactly("bootstrap");
      assertThatThrownBy(() -> blocked.revoke("bootstrap", "console")).isInstanceOf(UncheckedIOException.class);
      assertThat(blocked.list()).singleElement().satisfies(t -> assertThat(t.revokedAt()).isEmpty());
      assertThat(recorded).isEmpty();
    } finally {
      blocker.toFile().setWritable(true);
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void anAuditFailurePutsTheFileBackAsItWas() throws IOException {
    GatewayEvents failing = (type, payload) -> {
      throw new AuditException("the disk is full", null);
    };
    new TokenStore(dir, new PrintStream(out, true, StandardCharsets.UTF_8), clock, events);
    byte[] before = Files.readAllBytes(dir.resolve("tokens.json"));
    TokenStore store = new TokenStore(dir, new PrintStream(out, true, StandardCharsets.UTF_8), clock, failing);

    assertThatThrownBy(() -> store.create(scopes("operator.read"), "console")).isInstanceOf(AuditException.class);
    assertThatThrownBy(() -> store.revoke("bootstrap", "console")).isInstanceOf(AuditException.class);

    assertThat(Files.readAllBytes(dir.resolve("tokens.json"))).isEqualTo(before);
    assertThat(store.list()).singleElement().satisfies(t -> assertThat(t.revokedAt()).isEmpty());
  }

  @Test
  void durationsReadTheShortFormsAndIso8601AndRefuseTheRest() {
    assertThat(Durations.parse("30m", "/expires")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse("12h", "/expires")).isEqualTo(Duration.ofHours(12));
    assertThat(Durations.parse("7d", "/expires")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("PT12H", "/expires")).isEqualTo(Duration.ofHours(12));
    assertThat(Durations.parse("P7D", "/expires")).isEqualTo(Duration.ofDays(7));
    for (String wrong : List.of("", "0m", "-1h", "PT0S", "PT-5M", "7 days", "1w", "99999999999d")) {
      assertThatThrownBy(() -> Durations.parse(wrong, "/expires")).as(wrong)
          .isInstanceOfSatisfying(TokenException.class, e -> {
            assertThat(e.code()).isEqualTo("invalid_expires");
            assertThat(e.details()).containsExactly("/expires");
          });
    }
  }

  @Test
  void adminAllowsEveryScope() {
    Token admin = new Token("a", Set.of("admin"));
    assertThat(admin.allows("operator.read")).isTrue();
    assertThat(admin.allows("operator.write")).isTrue();
    assertThat(admin.allows("plugins.echo.ping")).isTrue();
  }

  @Test
  void operatorWriteImpliesOperatorReadButNotTheOtherWayRound() {
    Token writer = new Token("w", Set.of("operator.write"));
    Token reader = new Token("r", Set.of("operator.read"));

    assertThat(writer.allows("operator.read")).isTrue();
    assertThat(writer.allows("operator.write")).isTrue();
    assertThat(reader.allows("operator.read")).isTrue();
    assertThat(reader.allows("operator.write")).isFalse();
    assertThat(writer.allows("admin")).isFalse();
    assertThat(reader.allows("plugins.echo.ping")).isFalse();
  }

  @Test
  void operatorAdminImpliesWriteAndReadButNotTheGatewayWideAdminScope() {
    Token operatorAdmin = new Token("o", Set.of("operator.admin"));
    Token writer = new Token("w", Set.of("operator.write"));

    assertThat(operatorAdmin.allows("operator.admin")).isTrue();
    assertThat(operatorAdmin.allows("operator.write")).isTrue();
    assertThat(operatorAdmin.allows("operator.read")).isTrue();
    assertThat(operatorAdmin.allows("admin")).isFalse();
    assertThat(operatorAdmin.allows("tools.invoke")).isFalse();
    assertThat(writer.allows("operator.admin")).isFalse();
  }

  @Test
  void aTokenGrantsExactlyTheScopesItNames() {
    Token custom = new Token("c", Set.of("echo.rpc"));
    assertThat(custom.allows("echo.rpc")).isTrue();
    assertThat(custom.allows("operator.read")).isFalse();
  }
}
