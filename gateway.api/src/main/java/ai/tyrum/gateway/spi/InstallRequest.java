package ai.tyrum.gateway.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to install: a catalog plugin ({@code id}, optionally at {@code version}) or a local jar
 * ({@code file}), with the permissions the operator grants up front.
 *
 * @param id the catalog plugin id; empty for a local file
 * @param version the catalog version; empty for the newest one not revoked
 * @param file the local jar; empty for a catalog install
 * @param sha256 the digest a local jar must have, when the operator knows it
 * @param grants permissions granted up front, each {@code class:target}
 * @param approvalId an approval granted for exactly this install, when policy requires one
 * @param actor who asks: a token id or {@code console}
 * @since 2.1
 */
public record InstallRequest(
    Optional<String> id,
    Optional<String> version,
    Optional<Path> file,
    Optional<String> sha256,
    List<String> grants,
    Optional<String> approvalId,
    String actor) {

  public InstallRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(approvalId, "approvalId");
    Objects.requireNonNull(actor, "actor");
    grants = List.copyOf(grants);
    if (id.isPresent() == file.isPresent()) {
      throw new IllegalArgumentException("an install names a catalog plugin or a file, not both or neither");
    }
  }

  public static InstallRequest catalog(String id, Optional<String> version, List<String> grants, String actor) {
    return new InstallRequest(Optional.of(id), version, Optional.empty(), Optional.empty(), grants, Optional.empty(), actor);
  }

  public static InstallRequest file(Path file, Optional<String> sha256, List<String> grants, String actor) {
    return new InstallRequest(Optional.empty(), Optional.empty(), Optional.of(file), sha256, grants, Optional.empty(), actor);
  }

  public InstallRequest withApproval(String approval) {
    return new InstallRequest(id, version, file, sha256, grants, Optional.of(approval), actor);
  }
}
