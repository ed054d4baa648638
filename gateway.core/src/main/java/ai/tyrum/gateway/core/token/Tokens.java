package ai.tyrum.gateway.core.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's bearer tokens (DESIGN §2, one service per kind of state; §7): created, listed,
 * revoked, and checked on every request. The plain token exists only in what {@link #create} returns.
 */
public interface Tokens {

  /** Who acts at the gateway's own console, as audit records name it. */
  String CONSOLE = "console";

  /**
   * The token {@code presented} (a bearer value) stands for; empty when it is not one of ours.
   *
   * @throws TokenException {@code token_revoked} or {@code token_expired} for one of ours that may no longer be used
   */
  Optional<Token> authenticate(String presented);

  /**
   * Mints a token, stores its hash durably and records {@code token.created} in the name of {@code actor}.
   *
   * @throws TokenException {@code invalid_scope}, {@code invalid_agent}, {@code invalid_expires} or
   *     {@code token_name_taken}; nothing is stored then
   */
  Issued create(TokenRequest request, String actor);

  /** Every token, revoked and expired ones included, oldest first. */
  List<TokenInfo> list();

  /**
   * Revokes token {@code id} (revoking a revoked token changes nothing) and records {@code token.revoked}.
   *
   * @throws TokenException {@code unknown_token} (404) for an id it does not hold
   */
  TokenInfo revoke(String id, String actor);

  /**
   * A warning for the operator when no active, unbound token may administer the gateway any more (once
   * the bootstrap token is revoked, say); empty while one may.
   */
  Optional<String> adminWarning();

  /** The time by which tokens expire, as {@link TokenInfo#state} reads it. */
  Instant now();

  /** A new token: the plain token, shown once, and what is stored of it. */
  record Issued(String token, TokenInfo info) {}
}
