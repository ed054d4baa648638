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
 * files ({@link EgressClassCheck}), the {@code plugins:} section's ({@link PluginRulesCheck}) and the
 * {@code budgets:} section's ({@link BudgetRulesCheck}) and the {@code mcp:} section's ({@link McpRulesCheck}).
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
    return read(load());
  }

  /**
   * Reads the bytes of every policy file, parsing none: {@code deployment.yml}, {@code agents/*.yml} and
   * {@code *.yaml} (in name order), {@code overrides.yml}.
   */
  public PolicyFiles load() {
    List<String> faults = new ArrayList<>();
    List<PolicyFiles.File> files = new ArrayList<>();
    load(DEPLOYMENT, dir.resolve(DEPLOYMENT), faults, files);
    Path agentDir = dir.resolve(AGENTS);
    if (Files.isDirectory(agentDir)) {
      List<Path> agentFiles = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(agentDir, "*.{yml,yaml}")) {
        entries.forEach(agentFiles::add);
      } catch (IOException e) {
        faults.add(AGENTS + ": cannot list: " + e.getMessage());
      }
      agentFiles.sort(java.util.Comparator.comparing(f -> f.getFileName().toString()));
      for (Path file : agentFiles) {
        load(AGENTS + "/" + file.getFileName(), file, faults, files);
      }
    }
    load(OVERRIDES, dir.resolve(OVERRIDES), faults, files);
    return new PolicyFiles(files, faults);
  }

  /**
   * Validates files read by {@link #load()}.
   *
   * @throws PolicyException {@code invalid_policy} listing the faults of every invalid file
   */
  public PolicySources read(PolicyFiles loaded) {
    List<String> faults = new ArrayList<>(loaded.faults());
    List<SourceFile> files = new ArrayList<>();
    PolicyLayer deployment = loaded.file(DEPLOYMENT).flatMap(f -> layer(f, faults, files)).orElse(PolicyLayer.EMPTY);
    Map<String, PolicyLayer> agents = new TreeMap<>();
    List<EgressClassCheck.Named> agentFiles = new ArrayList<>();
    for (PolicyFiles.File file : loaded.files()) {
      if (!file.name().startsWith(AGENTS + "/")) {
        continue;
      }
      String fileName = file.name().substring(AGENTS.length() + 1);
      String agent = fileName.substring(0, fileName.lastIndexOf('.'));
      if (!AgentId.valid(agent)) {
        faults.add(file.name() + ": the file name is not an agent id: " + AgentId.RULE);
        continue;
      }
      if (agents.containsKey(agent)) {
        faults.add(file.name() + ": agent " + agent + " has more than one policy file");
        continue;
      }
      layer(file, faults, files).ifPresent(l -> {
        agents.put(agent, l);
        agentFiles.add(new EgressClassCheck.Named(file.name(), l));
      });
    }
    PolicyLayer overrides = loaded.file(OVERRIDES).flatMap(f -> layer(f, faults, files)).orElse(PolicyLayer.EMPTY);
    if (faults.isEmpty()) {
      // only across valid files: a refused deployment.yml would make every agent class look like its own
      faults.addAll(
          EgressClassCheck.faults(
              new EgressClassCheck.Named(DEPLOYMENT, deployment), agentFiles, new EgressClassCheck.Named(OVERRIDES, overrides)));
      faults.addAll(
          PluginRulesCheck.faults(
              new EgressClassCheck.Named(DEPLOYMENT, deployment), agentFiles, new EgressClassCheck.Named(OVERRIDES, overrides)));
      faults.addAll(
          BudgetRulesCheck.faults(
              new EgressClassCheck.Named(DEPLOYMENT, deployment), agentFiles, new EgressClassCheck.Named(OVERRIDES, overrides)));
      faults.addAll(
          McpRulesCheck.faults(
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
    List<PolicyFiles.File> read = new ArrayList<>();
    load(file.getFileName().toString(), file, faults, read);
    Optional<PolicyLayer> layer = read.isEmpty() ? Optional.empty() : layer(read.get(0), faults, new ArrayList<>());
    if (!faults.isEmpty()) {
      throw new PolicyException("invalid_policy", "policy file " + file + " is not valid", faults);
    }
    return layer.orElseThrow(() -> new PolicyException("invalid_policy", "no such file: " + file, List.of()));
  }

  private static void load(String name, Path file, List<String> faults, List<PolicyFiles.File> files) {
    try {
      if (Files.size(file) > PolicyReader.MAX_FILE_BYTES) {
        faults.add(name + ": larger than " + PolicyReader.MAX_FILE_BYTES + " bytes");
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      files.add(new PolicyFiles.File(name, bytes, sha256(bytes)));
    } catch (NoSuchFileException e) {
      // a missing file says nothing
    } catch (IOException e) {
      faults.add(name + ": cannot read: " + e.getMessage());
    }
  }

  private Optional<PolicyLayer> layer(PolicyFiles.File file, List<String> faults, List<SourceFile> files) {
    try {
      PolicyLayer layer = reader.read(file.name(), file.bytes());
      files.add(new SourceFile(file.name(), file.sha256()));
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
