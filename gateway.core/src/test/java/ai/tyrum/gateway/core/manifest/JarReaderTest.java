package ai.tyrum.gateway.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.testing.HostileJars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jar-level checks (DESIGN section 5), each against the attack it stops. */
class JarReaderTest {

  private static final byte[] PLUGIN = TestJars.echo().bytes();

  private static ManifestException refusal(byte[] jar) {
    try {
      JarPluginSource.read(jar);
    } catch (ManifestException e) {
      return e;
    }
    throw new AssertionError("the jar was accepted");
  }

  @Test
  void readsAJarThatJarOutputStreamWrote() {
    Map<String, byte[]> entries = JarReader.read(PLUGIN, 100, 1 << 20, 1 << 20);
    assertThat(entries).containsKeys("META-INF/MANIFEST.MF", "schemas/config.json", "schemas/in.json");
  }

  @Test
  void readsEmptyDeflatedEntriesAndDirectoriesAsJarToolsWriteThem() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("META-INF/"));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("META-INF/empty.txt"));
      zip.closeEntry();
      ZipEntry stored = new ZipEntry("stored/");
      stored.setMethod(ZipEntry.STORED);
      stored.setSize(0);
      stored.setCrc(0);
      zip.putNextEntry(stored);
      zip.closeEntry();
    }
    assertThat(JarReader.read(out.toByteArray(), 100, 1000, 1000)).containsOnlyKeys("META-INF/empty.txt");
  }

  @Test
  void refusesZipSlip() {
    ManifestException refused = refusal(HostileJars.zipSlip(PLUGIN));
    assertThat(refused.reason()).isEqualTo("unsafe_entry_name");
    assertThat(refused.details().get(0)).contains("../../tyrum-zip-slip.txt").contains("'..'");
  }

  @Test
  void refusesAbsoluteEntryName() {
    assertThat(refusal(HostileJars.absoluteEntryName(PLUGIN)).details().get(0))
        .startsWith("unsafe_entry_name").contains("is absolute");
  }

  @Test
  void refusesBackslashInEntryName() {
    assertThat(refusal(HostileJars.backslashEntryName(PLUGIN)).details().get(0))
        .startsWith("unsafe_entry_name").contains("backslash");
  }

  @Test
  void refusesNulInEntryName() {
    ManifestException refused = refusal(HostileJars.nulEntryName(PLUGIN));
    assertThat(refused.reason()).isEqualTo("unsafe_entry_name");
    assertThat(refused.details().get(0)).contains("NUL").contains("\\u0000").doesNotContain("\0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a//b", "./a", "a/./b", "C:/windows", "a\tb", "a/../b"})
  void refusesOtherNamesThatAliasOrEscape(String name) {
    assertThat(JarReader.unsafe(name)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"META-INF/", "META-INF/MANIFEST.MF", "ai/tyrum/x/Echo.class", "schemas/config.json", "a..b/c"})
  void acceptsPlainRelativeNames(String name) {
    assertThat(JarReader.unsafe(name)).isEmpty();
  }

  @Test
  void refusesZipBombWhoseHeadersClaimASmallSize() {
    ManifestException refused = refusal(HostileJars.zipBombWithLyingSizes(PLUGIN, JarPluginSource.MAX_ENTRY + 1));
    assertThat(refused.reason()).isEqualTo("inflation_bound");
    assertThat(refused.details().get(0)).contains("bomb.bin").contains("once inflated");
  }

  @Test
  void refusesEntriesThatTogetherInflatePastTheJarsBound() throws IOException {
    // each entry under the entry bound, all of them over the bound of the whole jar
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < 5; i++) {
        zip.putNextEntry(new ZipEntry("part" + i));
        zip.write(new byte[1000]);
        zip.closeEntry();
      }
    }
    assertThatThrownBy(() -> JarReader.read(out.toByteArray(), 100, 4000, 2000))
        .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo("inflation_bound"));
  }

  @Test
  void refusesCentralDirectoryThatDisagreesWithLocalHeaders() {
    ManifestException refused = refusal(HostileJars.centralDirectoryDisagreesWithLocalHeaders(PLUGIN));
    assertThat(refused.reason()).isEqualTo("jar_entries_disagree");
    assertThat(refused.details().get(0)).contains("META-INF/MANIFEST.MX").contains("META-INF/MANIFEST.MF");
  }

  @Test
  void refusesLocalEntryHiddenFromTheCentralDirectory() {
    ManifestException refused = refusal(HostileJars.localEntryHiddenFromCentralDirectory(PLUGIN));
    assertThat(refused.reason()).isEqualTo("jar_entries_disagree");
    assertThat(refused.details().get(0)).contains("does not list");
  }

  @Test
  void refusesTwoManifests() {
    ManifestException refused = refusal(HostileJars.twoManifests(PLUGIN));
    assertThat(refused.reason()).isEqualTo("duplicate_manifest");
  }

  @Test
  void refusesBytesThatAreNoJar() {
    assertThat(refusal(new byte[] {1, 2, 3}).reason()).isEqualTo("invalid_jar");
    assertThat(refusal(new byte[0]).reason()).isEqualTo("invalid_jar");
  }

  @Test
  void refusesDataPrependedToTheJar() {
    byte[] prepended = new byte[PLUGIN.length + 10];
    System.arraycopy(PLUGIN, 0, prepended, 10, PLUGIN.length);
    // the offsets of the central directory now point 10 bytes short: the entries do not start where it says
    assertThat(refusal(prepended).reason()).isIn("jar_entries_disagree", "invalid_jar");
  }
}
