package ai.tyrum.gateway.policy.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bytes of every policy file, read at one moment and not yet parsed: what a reload puts in force is
 * exactly what was read here, so that the file watch can first check that two reads a moment apart agree
 * (an editor that does not save atomically is not half-way through a write).
 *
 * @param files each file's name relative to the policy dir and its bytes, in name order
 * @param faults files that could not be read (too large, unreadable, a listing that failed)
 */
public record PolicyFiles(List<File> files, List<String> faults) {

  /** One file as read: {@code agents/ops.yml}, its bytes and their SHA-256 (hex). */
  public record File(String name, byte[] bytes, String sha256) {}

  public PolicyFiles {
    files = List.copyOf(files);
    faults = List.copyOf(faults);
  }

  public Optional<File> file(String name) {
    return files.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** Whether both reads found the same files with the same bytes, and the same faults. */
  public boolean sameAs(PolicyFiles other) {
    return fingerprint().equals(other.fingerprint());
  }

  private List<String> fingerprint() {
    List<String> lines = new ArrayList<>(faults);
    files.forEach(f -> lines.add(f.name() + " " + f.sha256()));
    return lines;
  }
}
