package ai.tyrum.gateway.core.manifest;

/**
 * One reason a plugin manifest is refused.
 *
 * @param reason stable snake_case code, such as {@code path_escape}
 * @param detail what is at fault: the capability, attribute or path, and what to do
 */
public record ManifestFault(String reason, String detail) {

  @Override
  public String toString() {
    return reason + ": " + detail;
  }
}
