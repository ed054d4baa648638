package ai.tyrum.gateway.benchmarks.scale;

import ai.tyrum.gateway.benchmarks.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The heap a running JVM holds after a full GC, read with the JDK's {@code jcmd}. */
final class Heap {
  /** One line per heap or generation ("garbage-first heap total 98304K, used 18685K ..."); Metaspace lines say no "total". */
  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final long JCMD_TIMEOUT_SECONDS = 120;

  private Heap() {}

  /**
   * Bytes of heap in use after a full GC: {@code GC.run} then {@code GC.heap_info}, twice, the second
   * reading taken (the first GC may leave what finalization or reference processing frees next).
   */
  static long afterFullGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    jcmd(pid, "GC.heap_info");
    jcmd(pid, "GC.run");
    return used(jcmd(pid, "GC.heap_info"));
  }

  /** The sum of the "used" figures of {@code GC.heap_info}'s heap lines, in bytes. */
  static long used(String heapInfo) {
    Matcher matcher = USED.matcher(heapInfo);
    long kib = 0;
    boolean found = false;
    while (matcher.find()) {
      kib += Long.parseLong(matcher.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("GC.heap_info printed no 'total ...K, used ...K' line (another collector?):\n" + heapInfo);
    }
    return kib * 1024;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    String jcmd = Machine.jdkTool("jcmd");
    Process process;
    try {
      process = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run " + jcmd + " (the JDK's jcmd measures the heap; set JAVA_HOME to a JDK): " + e.getMessage(), e);
    }
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
      }
      return output;
    } finally {
      process.destroyForcibly();
    }
  }
}
