package ai.tyrum.gateway.policy.bundle;

import ai.tyrum.gateway.spi.AgentId;
import ai.tyrum.gateway.policy.PolicyException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The policy files under {@code <data>/policy/} (DESIGN section 2): {@code deployment.yml},
 * {@code agents/<agent>.yml} and {@code overrides.yml}. Reads all of them or none: one invalid file
 * rejects the whole set, with every fault of every file, including the egress class rules that span
 * files ({@link EgressClassCheck}).
 */
public final class PolicyDirectory {

  public static final String DEPLOYMENT = "deployment.yml";
  public static final String OVERRIDES = "overrides.yml";
  public static final String AGENTS = "agents";
  /** The agent ids the HTTP API accepts. */

  private final Path dir;
  private final PolicyReader reader;

  public PolicyDirectory(Path dir, PolicyReader reader) {
    this.dir = dir;
    this.reader = reader;
  }

  public Path path() {
    return dir;
  }

  /**
   * Reads and validates every policy file.
   *
   * @throws PolicyException {@code invalid_policy} listing the faults of every invalid file
   */
  public PolicySources read() {
    List<String> faults = new ArrayList<>();
    List<SourceFile> files = new ArrayList<>();
    PolicyLayer deployment = layer(DEPLOYMENT, dir.resolve(DEPLOYMENT), faults, files).orElse(PolicyLayer.EMPTY);
    Map<String, PolicyLayer> agents = new TreeMap<>();
    List<EgressClassCheck.Named> agentFiles = new ArrayList<>();
    Path agentDir = dir.resolve(AGENTS);
    if (Files.isDirectory(agentDir)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(agentDir, "*.{yml,yaml}")) {
        for (Path file : entries) {
          String fileName = file.getFileName().toString();
          String agent = fileName.substring(0, fileName.lastIndexOf('.'));
          String name = AGENTS + "/" + fileName;
          if (!AgentId.valid(agent)) {
            faults.add(name + ": the file name is not an agent id: " + AgentId.RULE);
            continue;
          }
          if (agents.containsKey(agent)) {
            faults.add(name + ": agent " + agent + " has more than one policy file");
            continue;
          }
          layer(name, file, faults, files).ifPresent(l -> {
            agents.put(agent, l);
            agentFiles.add(new EgressClassCheck.Named(name, l));
          });
        }
      } catch (IOException e) {
        faults.add(AGENTS + ": cannot list: " + e.getMessage());
      }
    }
    PolicyLayer overrides = layer(OVERRIDES, dir.resolve(OVERRIDES), faults, files).orElse(PolicyLayer.EMPTY);
    if (faults.isEmpty()) {
      // only across valid files: a refused deployment.yml would make every agent class look like its own
      faults.addAll(
          EgressClassCheck.faults(
              new EgressClassCheck.Named(DEPLOYMENT, deployment), agentFiles, new EgressClassCheck.Named(OVERRIDES, overrides)));
    }
    if (!faults.isEmpty()) {
      throw new PolicyException("invalid_policy", "the policy files are not valid; the last good policy stays in force", faults);
    }
    files.sort(java.util.Comparator.comparing(SourceFile::name));
    return new PolicySources(deployment, new TreeMap<>(agents), overrides, files);
  }

  /** Reads one file that is not (yet) in the policy dir, for {@code policy:check FILE}. */
  public PolicyLayer check(Path file) {
    List<String> faults = new ArrayList<>();
    Optional<PolicyLayer> layer = layer(file.getFileName().toString(), file, faults, new ArrayList<>());
    if (!faults.isEmpty()) {
      throw new PolicyException("invalid_policy", "policy file " + file + " is not valid", faults);
    }
    return layer.orElseThrow(() -> new PolicyException("invalid_policy", "no such file: " + file, List.of()));
  }

  private Optional<PolicyLayer> layer(String name, Path file, List<String> faults, List<SourceFile> files) {
    byte[] bytes;
    try {
      if (Files.size(file) > PolicyReader.MAX_FILE_BYTES) {
        faults.add(name + ": larger than " + PolicyReader.MAX_FILE_BYTES + " bytes");
        return Optional.empty();
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      faults.add(name + ": cannot read: " + e.getMessage());
      return Optional.empty();
    }
    try {
      PolicyLayer layer = reader.read(name, bytes);
      files.add(new SourceFile(name, sha256(bytes)));
      return Optional.of(layer);
    } catch (PolicyException e) {
      faults.addAll(e.faults());
      return Optional.empty();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
