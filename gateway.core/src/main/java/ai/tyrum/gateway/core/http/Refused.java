package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.token.TokenRefusals;
import jakarta.servlet.http.HttpServletRequest;

/** Puts a request refused for its token on record; a record that fails never turns the refusal into a 500. */
final class Refused {

  private static final System.Logger LOG = System.getLogger(Refused.class.getName());

  private Refused() {}

  static void record(TokenRefusals refusals, String tokenId, String code, HttpServletRequest request) {
    try {
      refusals.refused(tokenId, code, request.getMethod(), Guard.path(request));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the refusal of token " + tokenId + " (" + code + ") was not audited: " + e);
    }
  }
}
