package ai.tyrum.gateway.marketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipEndTest {

  @TempDir Path temp;

  @Test
  void completeJarHasItsEndRecord() throws IOException {
    assertThat(ZipEnd.present(write(DeployScanTest.jar("echo", "a")))).isTrue();
  }

  @Test
  void jarWithACommentHasItsEndRecord() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setComment("x".repeat(40_000));
      zip.putNextEntry(new ZipEntry("a"));
      zip.write(new byte[] {1, 2, 3});
    }
    assertThat(ZipEnd.present(write(bytes.toByteArray()))).isTrue();
  }

  @Test
  void jarCutAnywhereLacksItsEndRecord() throws IOException {
    byte[] jar = DeployScanTest.jar("echo", "a");
    for (int length = 0; length < jar.length; length++) {
      assertThat(ZipEnd.present(write(Arrays.copyOf(jar, length)))).as("cut at %d of %d", length, jar.length).isFalse();
    }
  }

  @Test
  void fileOfOtherBytesLacksAnEndRecord() throws IOException {
    assertThat(ZipEnd.present(write("not a jar, but long enough to hold a record".getBytes()))).isFalse();
  }

  private Path write(byte[] bytes) throws IOException {
    Path file = temp.resolve("x.jar");
    Files.write(file, bytes);
    return file;
  }
}
