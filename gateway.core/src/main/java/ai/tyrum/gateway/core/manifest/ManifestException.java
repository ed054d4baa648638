package ai.tyrum.gateway.core.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** A plugin manifest was refused; carries every fault found, the first one giving the reason. */
public final class ManifestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<ManifestFault> faults;

  public ManifestException(List<ManifestFault> faults) {
    super(faults.stream().map(ManifestFault::toString).collect(Collectors.joining("; ")));
    if (faults.isEmpty()) {
      throw new IllegalArgumentException("a refusal needs at least one fault");
    }
    this.faults = List.copyOf(faults);
  }

  /** The stable reason code: that of the first fault. */
  public String reason() {
    return faults.get(0).reason();
  }

  public List<ManifestFault> faults() {
    return faults;
  }

  /** The faults as lines for people: {@code reason: detail}. */
  public List<String> details() {
    return faults.stream().map(ManifestFault::toString).toList();
  }
}
