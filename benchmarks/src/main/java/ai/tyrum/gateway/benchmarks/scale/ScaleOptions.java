package ai.tyrum.gateway.benchmarks.scale;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scale benchmark's command line.
 *
 * @param home the distribution folder
 * @param sizes how many generated plugins each size adds to the two examples (0: the examples alone)
 * @param runs counted runs of the start and stop measures, per size
 * @param warmups runs before them, not counted
 * @param work where generated catalogs and template data dirs are kept between invocations; empty for a
 *     temporary folder deleted at the end
 * @param report the markdown file whose {@code ## Scale} section is written
 * @param command the command line recorded in the report, when it is not the one these options give
 */
record ScaleOptions(Path home, List<Integer> sizes, int runs, int warmups, Optional<Path> work, Path report,
    Optional<String> command) {

  static final String USAGE = "usage: ScaleBenchmark [--home DIR] [--sizes 0,10,200,1000] [--runs N] [--warmups N]"
      + " [--work DIR] [--report FILE] [--command TEXT]";
  static final String COMMAND = "mvn -B -Pbenchmarks package -DskipTests && java -cp 'benchmarks/target/classes:"
      + "gateway.api/target/classes:gateway.lib/target/classes:distribution/target/gateway/lib/*'"
      + " ai.tyrum.gateway.benchmarks.scale.ScaleBenchmark";
  private static final List<Integer> SIZES = List.of(0, 10, 200, 1000);
  private static final int RUNS = 3;
  private static final int WARMUPS = 1;

  ScaleOptions {
    sizes = List.copyOf(sizes);
  }

  /**
   * @throws IllegalArgumentException naming the option at fault, followed by the usage line
   */
  static ScaleOptions parse(String... args) {
    Path home = Path.of("distribution/target/gateway");
    List<Integer> sizes = SIZES;
    int runs = RUNS;
    int warmups = WARMUPS;
    Optional<Path> work = Optional.empty();
    Path report = Path.of("docs/benchmarks.md");
    Optional<String> command = Optional.empty();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (i + 1 == args.length) {
        throw invalid(option + " needs a value");
      }
      String value = args[i + 1];
      switch (option) {
        case "--home" -> home = Path.of(value);
        case "--sizes" -> sizes = sizes(value);
        case "--runs" -> runs = number(option, value, 1);
        case "--warmups" -> warmups = number(option, value, 0);
        case "--work" -> work = Optional.of(Path.of(value));
        case "--report" -> report = Path.of(value);
        case "--command" -> command = Optional.of(value);
        default -> throw invalid("unknown option " + option);
      }
    }
    return new ScaleOptions(home, sizes, runs, warmups, work, report, command);
  }

  /** The command line to record: the one given, or the documented command with the options that differ from the defaults. */
  String commandLine() {
    if (command.isPresent()) {
      return command.get();
    }
    StringBuilder line = new StringBuilder(COMMAND);
    if (!sizes.equals(SIZES)) {
      line.append(" --sizes ").append(String.join(",", sizes.stream().map(String::valueOf).toList()));
    }
    if (runs != RUNS) {
      line.append(" --runs ").append(runs);
    }
    if (warmups != WARMUPS) {
      line.append(" --warmups ").append(warmups);
    }
    return line.toString();
  }

  private static List<Integer> sizes(String value) {
    List<Integer> sizes = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      int size = number("--sizes", part.strip(), 0);
      if (sizes.contains(size)) {
        throw invalid("--sizes names " + size + " twice");
      }
      sizes.add(size);
    }
    return sizes;
  }

  private static int number(String option, String value, int least) {
    try {
      int number = Integer.parseInt(value);
      if (number >= least) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw invalid(option + " takes a whole number of at least " + least + ", not '" + value + "'");
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException(why + "\n" + USAGE);
  }
}
