package ai.tyrum.gateway.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

  private TokenStore activate() {
    return new TokenStore(dir, new PrintStream(out, true, StandardCharsets.UTF_8), CLOCK);
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
    assertThat(json).containsEntry("format", "tyrum.tokens.v1");
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
  void issuedTokensAreDistinctPersistedAndPrintedNowhere() {
    TokenStore store = activate();
    out.reset();

    String reader = store.issue(Set.of("operator.read"));
    String writer = store.issue(Set.of("operator.write"));

    assertThat(reader).startsWith("tyr_").isNotEqualTo(writer);
    assertThat(printed()).isEmpty();
    TokenStore reloaded = activate();
    assertThat(reloaded.authenticate(reader)).hasValueSatisfying(t -> assertThat(t.scopes()).containsExactly("operator.read"));
    assertThat(reloaded.authenticate(writer)).hasValueSatisfying(t -> assertThat(t.scopes()).containsExactly("operator.write"));
    assertThat(reloaded.authenticate(reader).orElseThrow().id())
        .isNotEqualTo(reloaded.authenticate(writer).orElseThrow().id());
  }

  @Test
  void issueRefusesMissingOrMalformedScopes() {
    TokenStore store = activate();
    assertThatThrownBy(() -> store.issue(Set.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.issue(Set.of("Operator Read"))).isInstanceOf(IllegalArgumentException.class);
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
