package ai.tyrum.gateway.policy;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy file or snapshot cannot be used; {@link #code()} is stable snake_case, details name each fault.
 * At most {@value #MAX_DETAILS} faults are kept, each at most {@value #MAX_DETAIL_CHARS} characters, then
 * one line that counts the rest: a file with 20,000 faults needs its first ones fixed, and every surface
 * (the shell, the log, the {@code policy.changed} audit record) must still be able to say so.
 */
public final class PolicyException extends GatewayException {

  private static final long serialVersionUID = 1L;

  public static final int MAX_DETAILS = 50;
  public static final int MAX_DETAIL_CHARS = 1000;

  private final transient List<String> faults;

  public PolicyException(String code, String message, List<String> faults) {
    this(code, message, List.copyOf(faults), capped(faults));
  }

  private PolicyException(String code, String message, List<String> faults, List<String> details) {
    super(code, 422, message + (details.isEmpty() ? "" : ": " + String.join("; ", details)), details);
    this.faults = faults;
  }

  /** Every fault found, for a caller that gathers the faults of several files into one refusal. */
  public List<String> faults() {
    return faults;
  }

  /** How many faults were found beyond the {@value #MAX_DETAILS} that {@link #details()} names. */
  public int omittedDetails() {
    return Math.max(0, faults.size() - MAX_DETAILS);
  }

  private static List<String> capped(List<String> details) {
    List<String> kept = new ArrayList<>();
    for (String detail : details.subList(0, Math.min(details.size(), MAX_DETAILS))) {
      kept.add(detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS - 1) + "…");
    }
    if (details.size() > MAX_DETAILS) {
      kept.add("and " + (details.size() - MAX_DETAILS) + " more faults: fix these, then run policy:check to see the rest");
    }
    return kept;
  }
}
