package ai.tyrum.gateway.itest.http;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Bundle;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tokens narrower than the bootstrap admin token, for tests of scopes: stored as an operator's backup
 * would restore them ({@code tokens/tokens.json}, hashes only), then read by restarting gateway.core,
 * since the gateway has no HTTP door for issuing tokens yet.
 */
final class OperatorTokens {

  private static final JsonMapper JSON = JsonMapper.shared();

  private OperatorTokens() {}

  /** Adds a token {@code plain} per entry with its scopes, and returns once the gateway answers again. */
  static void add(GatewayFramework gateway, Map<String, Set<String>> scopesByToken) throws Exception {
    gateway.token(); // printed once, at the first start: read it before the restart
    Path file = gateway.data().resolve("tokens").resolve("tokens.json");
    ObjectNode stored = (ObjectNode) JSON.readTree(Files.readString(file));
    ArrayNode tokens = (ArrayNode) stored.path("tokens");
    scopesByToken.forEach((plain, scopes) -> {
      ObjectNode token = tokens.addObject();
      token.put("id", plain.replace("tyr_", ""));
      token.put("sha256", sha256(plain));
      scopes.stream().sorted().forEach(token.putArray("scopes")::add);
      token.put("created", "2026-01-01T00:00:00Z");
    });
    Files.writeString(file, JSON.writeValueAsString(stored));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    Bundle core = List.of(gateway.context().getBundles()).stream()
        .filter(bundle -> "gateway.core".equals(bundle.getSymbolicName()))
        .findFirst()
        .orElseThrow();
    core.stop();
    core.start();
    Await.until("the gateway answers again", () -> gateway.http().withoutToken().get("/healthz").status() == 200);
  }

  private static String sha256(String plain) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
