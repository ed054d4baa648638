package ai.tyrum.gateway.itest.hardened;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/gateway --security}: on the Java 17 this build runs on, hardened mode starts and
 * {@code gateway:status} shows it; on a Java without a SecurityManager (the JDK 25 installed under
 * /usr/lib/jvm), {@code on} refuses to start and says what to do, and {@code auto} warns once.
 */
class BinGatewaySecurityIT {
  private static final Path HOME = Path.of(System.getProperty("tyrum.gateway.home", "target/gateway")).toAbsolutePath();
  private static final Path GATEWAY = HOME.resolve("bin/gateway");
  private static final String HARDENED_WARNING = "WARNING: hardened mode is OFF";

  @TempDir
  Path temp;

  @Test
  void securityOnStartsOnJava17AndStatusShowsIt() throws Exception {
    Finished run = run(Map.of(), "gateway:status\n", "--security", "on");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.stdout).contains("gateway ready ").containsPattern("security +\\{\"requested\":\"on\",\"mode\":\"on\"");
    assertThat(run.stdout + run.stderr).doesNotContain(HARDENED_WARNING);
  }

  @Test
  void securityOnRefusesToStartOnAJavaWithoutSecurityManagerAndSaysWhatToDo() throws Exception {
    Finished run = run(Map.of("JAVA_HOME", javaWithoutSecurityManager().toString()), "", "--security", "on");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.stderr).contains("gateway: --security on refused: Java ", " has no SecurityManager",
        "set JAVA_HOME", "--security auto");
    assertThat(temp.resolve("data/felix-cache")).doesNotExist();
  }

  @Test
  void securityAutoWarnsExactlyOnceOnAJavaWithoutSecurityManager() throws Exception {
    Finished run = run(Map.of("JAVA_HOME", javaWithoutSecurityManager().toString()), "gateway:status\n", "--security", "auto");

    List<String> warnings = (run.stdout + run.stderr).lines().filter(l -> l.contains("hardened mode")).toList();
    assertThat(warnings).as(run.toString()).singleElement().asString()
        .startsWith(HARDENED_WARNING).contains("no SecurityManager", "--security off");
    assertThat(run.stderr).doesNotContain("--security on refused");
  }

  /** A JDK 24 or later under /usr/lib/jvm: the machine this suite runs on has Temurin 25 there. */
  private static Path javaWithoutSecurityManager() throws IOException {
    try (DirectoryStream<Path> jvms = Files.newDirectoryStream(Path.of("/usr/lib/jvm"), "temurin-2[4-9]*")) {
      for (Path jvm : jvms) {
        if (Files.isExecutable(jvm.resolve("bin/java"))) {
          return jvm;
        }
      }
    }
    throw new AssertionError("no JDK 24+ under /usr/lib/jvm (temurin-2x): install one to run this test");
  }

  private Finished run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(GATEWAY.toString(), "--data", temp.resolve("data").toString(), "--port", "0"));
    command.addAll(List.of(args));
    Path in = Files.writeString(temp.resolve("stdin"), stdin);
    Path stdout = temp.resolve("stdout");
    Path stderr = temp.resolve("stderr");
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(in.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bin/gateway " + String.join(" ", args) + " did not finish within 120 s");
    }
    return new Finished(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  private record Finished(int exitCode, String stdout, String stderr) {}
}
