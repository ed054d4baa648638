package ai.tyrum.gateway.spi;

/**
 * What policy decides for a call (DESIGN section 4, step 3), strictest last: when rules disagree,
 * {@code deny} wins over {@code require_approval}, which wins over {@code allow}.
 */
public enum Decision {
  allow,
  require_approval,
  deny;

  /** The stricter of the two. */
  public Decision stricter(Decision other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
