package ai.tyrum.gateway.marketplace.install;

/**
 * Named points between the steps of install, upgrade and uninstall where a crash test stops the whole
 * process at once ({@code Runtime.halt}, as a kill would): the framework property or system property
 * {@value #PROPERTY} names one. Unset, as in every real gateway, each point costs one comparison.
 *
 * <p>The points, each after the step it names: {@code install.stored}, {@code install.locked},
 * {@code install.installed}; {@code upgrade.locked}, {@code upgrade.updated}, {@code upgrade.started},
 * and {@code rollback.updated} when a new version that did not start is replaced by the old one;
 * {@code uninstall.locked}, {@code uninstall.uninstalled}.
 */
final class HaltPoints {

  static final String PROPERTY = "tyrum.test.halt-at";

  private final String haltAt;

  HaltPoints(String haltAt) {
    this.haltAt = haltAt == null ? "" : haltAt;
  }

  void reached(String point) {
    if (haltAt.equals(point)) {
      System.out.println("gateway: halting at " + point + " (" + PROPERTY + ")");
      System.out.flush();
      Runtime.getRuntime().halt(99);
    }
  }
}
