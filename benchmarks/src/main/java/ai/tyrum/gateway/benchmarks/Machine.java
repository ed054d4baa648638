package ai.tyrum.gateway.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a report says about the machine a figure was measured on. */
public final class Machine {

  private Machine() {}

  /** Cores, CPU model and operating system, as one line of a report. */
  public static String description() {
    return Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpuModel() + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  public static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  /** The 1, 5 and 15 minute load averages. */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** What {@code java -version} prints, each line in backquotes. */
  public static String javaVersion(String java) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
    String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    process.waitFor();
    return "`" + String.join("`; `", version.split("\n")) + "`";
  }

  /** The {@code java} that {@code bin/gateway} picks ({@code JAVA_HOME}, else the path), so that both sides run on one JVM. */
  public static String java() {
    return jdkTool("java");
  }

  /** A tool of the same JDK as {@link #java()}, such as {@code jcmd}. */
  public static String jdkTool(String name) {
    String javaHome = System.getenv("JAVA_HOME");
    return javaHome == null || javaHome.isEmpty() ? name : Path.of(javaHome, "bin", name).toString();
  }
}
