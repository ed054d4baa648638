package ai.tyrum.gateway.spi;

/** An audit record could not be written durably; whatever it was meant to record must not happen. */
public class AuditException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
