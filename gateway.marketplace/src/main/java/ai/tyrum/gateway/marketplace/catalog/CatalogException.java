package ai.tyrum.gateway.marketplace.catalog;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/** A catalog could not be read, verified or did not offer what was asked; {@link #code()} says which. */
public final class CatalogException extends GatewayException {

  private static final long serialVersionUID = 1L;

  public CatalogException(String code, int status, String message, List<String> details) {
    super(code, status, message, details);
  }
}
