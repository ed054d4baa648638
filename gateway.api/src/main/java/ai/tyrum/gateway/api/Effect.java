package ai.tyrum.gateway.api;

/** What a tool or command does to the world outside the call. */
public enum Effect {
  /** Reads only: calling it twice changes nothing. */
  read_only,
  /** Changes state; exposed to an agent only when an allowlist names it exactly. */
  state_changing
}
