package ai.tyrum.gateway.itest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer tokens with chosen scopes, written into the data dir before the gateway first starts, in the
 * format gateway.core's token store reads ({@code tokens/tokens.json}, {@code tyrum.tokens.v1}: SHA-256
 * hashes only). The gateway has no HTTP form to issue tokens yet; when it has ({@code POST /tokens}), the
 * harness should issue them through it instead of depending on this file's format.
 *
 * <p>A token file that is not empty means no bootstrap token is minted or printed.
 */
final class SeededTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SeededTokens() {}

  /**
   * Writes one token per entry of {@code scopesByName} (the name is the token's id) and returns the plain
   * tokens by name.
   */
  static Map<String, String> write(Path data, Map<String, Set<String>> scopesByName) {
    Map<String, String> plain = new LinkedHashMap<>();
    List<Map<String, Object>> entries = new ArrayList<>();
    String created = Instant.now().toString();
    scopesByName.forEach((name, scopes) -> {
      byte[] secret = new byte[32];
      RANDOM.nextBytes(secret);
      String token = "tyr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      plain.put(name, token);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", name);
      entry.put("sha256", sha256(token));
      entry.put("scopes", List.copyOf(new TreeSet<>(scopes)));
      entry.put("created", created);
      entries.add(entry);
    });
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("format", "tyrum.tokens.v1");
    file.put("tokens", entries);
    DataFiles.write(data, "tokens/tokens.json", JsonMapper.shared().writeValueAsString(file));
    return plain;
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }
}
