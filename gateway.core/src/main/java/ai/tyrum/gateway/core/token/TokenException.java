package ai.tyrum.gateway.core.token;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;
import java.util.Optional;

/**
 * A token refused or a token request refused, with its stable code: {@code token_revoked} and
 * {@code token_expired} (401, naming the token's id, never the token), {@code invalid_scope},
 * {@code invalid_agent}, {@code invalid_expires}, {@code token_name_taken} (400) or {@code unknown_token} (404).
 */
public final class TokenException extends GatewayException {

  private static final long serialVersionUID = 1L;

  public static final String REVOKED = "token_revoked";
  public static final String EXPIRED = "token_expired";

  private final String tokenId;

  TokenException(String code, int status, String message, List<String> details) {
    this(code, status, message, details, null);
  }

  private TokenException(String code, int status, String message, List<String> details, String tokenId) {
    super(code, status, message, details);
    this.tokenId = tokenId;
  }

  /** A presented token that is known but may no longer be used. */
  static TokenException refused(String code, String tokenId, String message) {
    return new TokenException(code, 401, message, List.of("token " + tokenId), tokenId);
  }

  /** The id of the refused token, for a refusal of a presented token. */
  public Optional<String> tokenId() {
    return Optional.ofNullable(tokenId);
  }
}
