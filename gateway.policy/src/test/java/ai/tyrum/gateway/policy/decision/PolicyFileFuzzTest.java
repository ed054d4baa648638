package ai.tyrum.gateway.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.lib.testing.FuzzTries;
import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.policy.bundle.PolicyReader;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile policy files (valid policies mutated: YAML anchors, aliases and tags, truncation at any offset,
 * wrong types, huge lists, patterns of many {@code *}, regular expressions that do not compile or
 * backtrack) read by the reader and put in force through the decider: reading fails only with the
 * policy's own fault, a refused file leaves the snapshot in force and its decisions as they were, and no
 * agent or override file ever lifts a deny of the deployment.
 */
@AddLifecycleHook(FuzzTries.class)
class PolicyFileFuzzTest {

  private static final PolicyReader READER = new PolicyReader();

  /** Denied by the deployment in every run; the tools below are asked about before and after. */
  private static final String DEPLOYMENT =
      "version: 1\ntools:\n  default: allow\n  allow: [plugin.notes.add_note]\n"
          + "  deny: [plugin.danger.*, plugin.echo.secret]\nredaction:\n  patterns: ['sk-[a-z0-9]{8}']\n"
          + "egress_classes:\n  web: [api.example.com:443]\n";

  private static final List<ToolDescriptor> DENIED =
      List.of(
          new ToolDescriptor("plugin.danger.wipe", "danger", true, false),
          new ToolDescriptor("plugin.danger.read", "danger", false, false),
          new ToolDescriptor("plugin.echo.secret", "echo", false, false));

  private static final List<ToolDescriptor> TOOLS =
      Stream.concat(
              DENIED.stream(),
              Stream.of(
                  new ToolDescriptor("plugin.echo.echo", "echo", false, false),
                  new ToolDescriptor("plugin.notes.add_note", "notes", true, false),
                  new ToolDescriptor("plugin.net.fetch", "net", false, true)))
          .toList();

  private static final List<String> AGENTS = List.of("default", "ops");

  @Property(tries = 300)
  void readingAnyFileFailsOnlyWithThePolicysOwnFault(@ForAll("hostilePolicies") String yaml) {
    try {
      READER.read("deployment.yml", bytes(yaml));
      Statistics.collect("accepted");
    } catch (PolicyException refused) {
      Statistics.collect("refused");
      assertThat(refused.code()).isEqualTo("invalid_policy");
      // every fault names the file; past the first ones, one line counts the rest
      assertThat(refused.details()).isNotEmpty().allSatisfy(d -> assertThat(d).matches("(?s)deployment\\.yml: .*|and \\d+ more faults: .*"));
    }
  }

  @Property(tries = 60)
  void aRefusedFileKeepsTheSnapshotInForceAndItsDecisions(
      @ForAll("files") String file, @ForAll("hostilePolicies") String yaml) throws IOException {
    withData(data -> {
      data.write("deployment.yml", DEPLOYMENT);
      PolicyDecider decider = new PolicyDecider(data, data);
      String before = decider.snapshotId();
      Map<String, PolicyDecision> decisions = decisions(decider);

      write(data, file, yaml);
      try {
        decider.reload();
        Statistics.collect("accepted");
      } catch (PolicyException refused) {
        Statistics.collect("refused");
        assertThat(decider.snapshotId()).isEqualTo(before);
        assertThat(decisions(decider)).isEqualTo(decisions);
      }
    });
  }

  @Property(tries = 60)
  void noAgentOrOverrideFileLiftsADenyOfTheDeployment(
      @ForAll("narrowingFiles") String file, @ForAll("hostilePolicies") String yaml) throws IOException {
    withData(data -> {
      data.write("deployment.yml", DEPLOYMENT);
      PolicyDecider decider = new PolicyDecider(data, data);
      write(data, file, yaml);
      try {
        decider.reload();
      } catch (PolicyException refused) {
        // the deployment's snapshot stays in force: the checks below hold for it too
      }
      PolicyDecider restarted = new PolicyDecider(data, data);
      for (PolicyDecider d : List.of(decider, restarted)) {
        for (ToolDescriptor tool : DENIED) {
          for (String agent : AGENTS) {
            assertThat(d.decide(tool, agent).decision()).as(tool.toolId() + " for " + agent).isEqualTo(Decision.deny);
          }
        }
      }
    });
  }

  private static Map<String, PolicyDecision> decisions(PolicyDecider decider) {
    Map<String, PolicyDecision> decisions = new LinkedHashMap<>();
    for (ToolDescriptor tool : TOOLS) {
      for (String agent : AGENTS) {
        PolicyDecision d = decider.decide(tool, agent);
        // Pattern has no equals: compare the redaction patterns by their text
        decisions.put(agent + " " + tool.toolId(),
            new PolicyDecision(d.decision(), d.exposed(), d.reason() + " " + d.redactions(), d.rule(), d.snapshotId(), List.of()));
      }
    }
    return decisions;
  }

  /**
   * UTF-8, except that a lone surrogate is written as the three bytes of its code unit (as CESU-8 does)
   * instead of the '?' of {@code String.getBytes}: a file on disk can hold such bytes.
   */
  private static byte[] bytes(String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        out.writeBytes(text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else if (Character.isSurrogate(c)) {
        out.write(0xE0 | (c >> 12));
        out.write(0x80 | ((c >> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  private static void write(TestData data, String file, String yaml) throws IOException {
    Path path = data.root.resolve("policy").resolve(file);
    Files.createDirectories(path.getParent());
    Files.write(path, bytes(yaml));
  }

  private interface DataAction {
    void run(TestData data) throws IOException;
  }

  private static void withData(DataAction action) throws IOException {
    Path root = Files.createTempDirectory("tyrum-policy-fuzz-");
    try {
      action.run(new TestData(root));
    } finally {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Provide
  Arbitrary<String> files() {
    return Arbitraries.of("deployment.yml", "overrides.yml", "agents/ops.yml", "agents/default.yaml");
  }

  @Provide
  Arbitrary<String> narrowingFiles() {
    return Arbitraries.of("overrides.yml", "agents/ops.yml", "agents/default.yaml");
  }

  /** A valid policy, then up to three mutations of one hostile kind or another. */
  @Provide
  Arbitrary<String> hostilePolicies() {
    return validPolicies().flatMap(policy -> mutation().list().ofMaxSize(3).flatMap(mutations -> {
      Arbitrary<String> result = Arbitraries.just(policy);
      for (Mutation m : mutations) {
        result = result.flatMap(m::apply);
      }
      return result;
    }));
  }

  private interface Mutation {
    Arbitrary<String> apply(String policy);
  }

  private Arbitrary<Mutation> mutation() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(this::truncate)),
        Tuple.of(2, Arbitraries.just(p -> Arbitraries.of(ANCHORS).map(a -> p + a))),
        Tuple.of(2, Arbitraries.just(p -> Arbitraries.of(TAGS).map(t -> p.replaceFirst(": ", ": " + t + " ")))),
        Tuple.of(2, Arbitraries.just(p -> Arbitraries.of(WRONG_TYPES))),
        Tuple.of(2, Arbitraries.just(p -> hostilePatterns().map(pattern -> "tools:\n  allow: ['*']\n  deny: ['" + pattern + "']\n"))),
        Tuple.of(2, Arbitraries.just(p -> hostileRegexes().map(regex -> "redaction:\n  patterns: ['" + regex.replace("'", "''") + "']\n"))),
        Tuple.of(1, Arbitraries.just(p -> hugeLists())),
        Tuple.of(2, Arbitraries.just(this::insertNoise)));
  }

  private Arbitrary<String> truncate(String policy) {
    return Arbitraries.integers().between(0, policy.length()).map(n -> policy.substring(0, n));
  }

  private Arbitrary<String> insertNoise(String policy) {
    Arbitrary<String> noise =
        Arbitraries.of("\t", ":", "- ", "[", "]", "{", "}", "\u0000", "\ud800", "\"\\ud800\"", "\ufeff", "\r", "\n  ", "&", "*", "!", "%YAML 1.1\n",
            "---\n", "...\n", "? ", "|", ">", "#", "'", "\"", "\\", "<<: ", "~", "0x", "1e308", "-.inf");
    return Combinators.combine(Arbitraries.integers().between(0, policy.length()), noise)
        .as((at, s) -> policy.substring(0, at) + s + policy.substring(at));
  }

  private static final List<String> ANCHORS =
      List.of(
          "x: &a [plugin.echo.*]\ny: *a\n",
          "tools:\n  deny: &d [plugin.echo.*]\n  allow: *d\n",
          "tools: &t\n  deny: [a]\nredaction: *t\n",
          "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
              + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
              + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
              + "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
          "tools:\n  <<: &m {deny: [plugin.danger.*]}\n  allow: [plugin.danger.wipe]\n",
          "tools:\n  deny: *undefined\n",
          "tools: &self\n  allow: *self\n");

  private static final List<String> TAGS =
      List.of("!!binary", "!!python/object:os.system", "!!java.lang.Runtime", "!<tag:yaml.org,2002:str>", "!!set", "!!omap",
          "!!timestamp", "!!int", "!!float", "!!null", "!local", "!!map", "!!seq", "!<!>", "!!str");

  private static final List<String> WRONG_TYPES =
      List.of(
          "tools: 12\n", "tools: [allow, deny]\n", "tools:\n  deny: plugin.danger.*\n", "tools:\n  deny: {a: b}\n",
          "tools:\n  default: yes\n", "tools:\n  default: 0\n", "tools:\n  deny: [12, true, null, 1.5]\n",
          "approvals:\n  ttl_seconds: 1e308\n", "approvals:\n  ttl_seconds: 999999999999999999999999999999999999999\n",
          "approvals:\n  ttl_seconds: -1\n", "approvals:\n  ttl_seconds: .nan\n", "approvals:\n  ttl_seconds: '60'\n",
          "version: 2\n", "version: \"1\"\n", "egress_classes:\n  web: api.example.com:443\n",
          "egress_classes:\n  Web: [api.example.com:443]\n", "egress_classes:\n  web: ['*.com:443']\n",
          "egress_classes:\n  web: ['[::1]:0']\n", "redaction:\n  patterns: [\"\"]\n", "redaction: []\n", "[]\n", "42\n",
          "\"just a string\"\n", "~\n", "--- \n--- \n", "tools:\n  deny: [plugin.danger.*]\ntools:\n  allow: [plugin.danger.*]\n",
          "\"tools\": {\"deny\": [\"a\"], \"deny\": [\"b\"]}\n");

  private Arbitrary<String> hostilePatterns() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 100).map(n -> "*a".repeat(n) + "*b"),
        Arbitraries.integers().between(1, 200).map("*"::repeat),
        Arbitraries.strings().withChars("a.*-_").ofMinLength(1).ofMaxLength(200),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(20).map(s -> s.replace("'", "")));
  }

  private Arbitrary<String> hostileRegexes() {
    return Arbitraries.oneOf(
        Arbitraries.of("(", ")", "[z-a]", "a{99999999}", "(a+)+$", "\\", "(?<n>", "(?", "*", "\\p{Nope}", "(?i", "[[:alpha:]]",
            "(.*a){20}", "(a|aa)+b", "x{2147483647}", "\\Q", "(?=", "[^]", "a**", "\\k<x>"),
        Arbitraries.integers().between(1, 3000).map(n -> "(".repeat(n) + "a" + ")".repeat(n)),
        Arbitraries.integers().between(1, 3000).map(n -> "(?:a|".repeat(n) + "b" + ")".repeat(n)),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(30));
  }

  private Arbitrary<String> hugeLists() {
    return Arbitraries.integers().between(1000, 20000).map(n -> {
      StringBuilder yaml = new StringBuilder("tools:\n  deny:\n");
      for (int i = 0; i < n; i++) {
        yaml.append("  - plugin.p").append(i).append(".*\n");
      }
      return yaml.toString();
    });
  }

  private Arbitrary<String> validPolicies() {
    Arbitrary<String> pattern = Arbitraries.of("plugin.echo.echo", "plugin.echo.*", "plugin.notes.add_note", "plugin.*", "*",
        "plugin.danger.wipe", "plugin.danger.*", "plugin.net.fetch", "mcp.*");
    Arbitrary<List<String>> patterns = pattern.list().ofMaxSize(4);
    Arbitrary<String> tools =
        Combinators.combine(Arbitraries.of("", "allow", "require_approval", "deny"), patterns, patterns, patterns)
            .as((def, allow, approval, deny) -> {
              StringBuilder yaml = new StringBuilder("tools:\n");
              if (!def.isEmpty()) {
                yaml.append("  default: ").append(def).append('\n');
              }
              yaml.append("  allow: ").append(flow(allow)).append('\n');
              yaml.append("  require_approval: ").append(flow(approval)).append('\n');
              yaml.append("  deny: ").append(flow(deny)).append('\n');
              return yaml.toString();
            });
    Arbitrary<String> redaction =
        Arbitraries.of("", "redaction:\n  patterns: ['sk-[a-z0-9]{8}', 'token=\\S+']\n", "redaction:\n  patterns: []\n");
    Arbitrary<String> approvals = Arbitraries.of("", "approvals:\n  ttl_seconds: 60\n", "approvals:\n  ttl_seconds: 2592000\n");
    Arbitrary<String> egress =
        Arbitraries.of("", "egress_classes:\n  web: [api.example.com:443]\n", "egress_classes:\n  web: []\n",
            "egress_classes:\n  mine: ['*.example.org:443', '[2001:db8::1]:8443']\n");
    return Combinators.combine(Arbitraries.of("", "version: 1\n"), tools, redaction, approvals, egress)
        .as((version, t, r, a, e) -> version + t + r + a + e);
  }

  private static String flow(List<String> items) {
    List<String> quoted = new ArrayList<>();
    items.forEach(i -> quoted.add("'" + i + "'"));
    return "[" + String.join(", ", quoted) + "]";
  }
}
