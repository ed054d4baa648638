package ai.tyrum.gateway.core.registry;

/** The states a plugin is reported in (DESIGN section 7, {@code GET /plugins}). */
public enum PluginState {
  /** Known and valid, not running (bundle not active). */
  installed,
  /** Running; its declared contributions are served. */
  loaded,
  /** Refused; {@code reason} says why. Nothing of it is served. */
  failed,
  /** Stopped by the operator. */
  disabled,
  /** Waiting for an operator's approval. */
  pending_approval
}
