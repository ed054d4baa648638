package ai.tyrum.gateway.lib.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Plugin jars that attack the jar-level checks (DESIGN section 5), one method per attack, each made from a
 * valid plugin jar so that only the attack itself can refuse it. Maven cannot build these, and neither can
 * {@code ZipOutputStream} (it writes honest sizes and refuses a name twice): a small zip writer here lays
 * out every header by hand.
 */
public final class HostileJars {

  private HostileJars() {}

  /** Zip slip: an entry named {@code ../../tyrum-zip-slip.txt} climbs out of wherever the jar is extracted. */
  public static byte[] zipSlip(byte[] plugin) {
    return withExtraEntry(plugin, "../../tyrum-zip-slip.txt");
  }

  /** An entry with an absolute name, {@code /tmp/tyrum-absolute.txt}. */
  public static byte[] absoluteEntryName(byte[] plugin) {
    return withExtraEntry(plugin, "/tmp/tyrum-absolute.txt");
  }

  /** An entry named {@code ..\evil.txt}: a Windows path separator, which climbs on Windows. */
  public static byte[] backslashEntryName(byte[] plugin) {
    return withExtraEntry(plugin, "..\\evil.txt");
  }

  /** An entry named {@code schemas/config.json<NUL>.txt}: C code would read it as the plugin's config schema. */
  public static byte[] nulEntryName(byte[] plugin) {
    return withExtraEntry(plugin, "schemas/config.json\0.txt");
  }

  /**
   * A zip bomb: an entry of {@code inflatedBytes} zeros, deflated to a few kilobytes, whose headers claim it
   * inflates to 1 KiB, so that a reader that trusts the headers lets it through.
   */
  public static byte[] zipBombWithLyingSizes(byte[] plugin, int inflatedBytes) {
    List<Entry> entries = entries(plugin);
    byte[] zeros = new byte[inflatedBytes];
    byte[] deflated = deflate(zeros);
    entries.add(new Entry("bomb.bin", "bomb.bin", Deflater.DEFLATED, deflated, crc(new byte[1024]), 1024));
    return write(entries, List.of());
  }

  /**
   * The central directory (what the framework reads) names the manifest {@code META-INF/MANIFEST.MX}, the
   * local header (what a streaming reader reads) {@code META-INF/MANIFEST.MF}: the two see different jars.
   */
  public static byte[] centralDirectoryDisagreesWithLocalHeaders(byte[] plugin) {
    List<Entry> entries = new ArrayList<>();
    for (Entry entry : entries(plugin)) {
      entries.add(entry.localName().equals("META-INF/MANIFEST.MF")
          ? new Entry(entry.localName(), "META-INF/MANIFEST.MX", entry.method(), entry.data(), entry.crc(), entry.size())
          : entry);
    }
    return write(entries, List.of());
  }

  /**
   * A local entry that the central directory does not list, laid before the others: a streaming reader
   * ({@code JarInputStream}) reads it as the manifest, the framework never sees it.
   */
  public static byte[] localEntryHiddenFromCentralDirectory(byte[] plugin) {
    byte[] manifest = "Manifest-Version: 1.0\r\nBundle-SymbolicName: hidden\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    Entry hidden = new Entry("META-INF/MANIFEST.MF", "META-INF/MANIFEST.MF", ZipEntry.STORED, manifest, crc(manifest), manifest.length);
    return write(entries(plugin), List.of(hidden));
  }

  /**
   * Two manifests: {@code META-INF/manifest.mf} first, which {@code JarInputStream} takes (it compares the
   * name ignoring case), and the real {@code META-INF/MANIFEST.MF}, which the framework reads.
   */
  public static byte[] twoManifests(byte[] plugin) {
    List<Entry> entries = entries(plugin);
    byte[] other = "Manifest-Version: 1.0\r\nBundle-SymbolicName: other\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    entries.add(0, new Entry("META-INF/manifest.mf", "META-INF/manifest.mf", ZipEntry.STORED, other, crc(other), other.length));
    return write(entries, List.of());
  }

  private static byte[] withExtraEntry(byte[] plugin, String name) {
    List<Entry> entries = entries(plugin);
    byte[] content = "hostile\n".getBytes(StandardCharsets.UTF_8);
    entries.add(new Entry(name, name, ZipEntry.STORED, content, crc(content), content.length));
    return write(entries, List.of());
  }

  /**
   * One entry as laid out: its name in the local header and in the central directory, its stored or
   * deflated bytes, and the CRC and size both headers claim.
   */
  private record Entry(String localName, String centralName, int method, byte[] data, long crc, long size) {}

  /** The entries of a plugin jar, stored as they are. */
  private static List<Entry> entries(byte[] plugin) {
    List<Entry> entries = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(plugin))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        byte[] content = zip.readAllBytes();
        entries.add(new Entry(entry.getName(), entry.getName(), ZipEntry.STORED, content, crc(content), content.length));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not a jar", e);
    }
    return entries;
  }

  /** Lays {@code hidden} out first, listed nowhere, then {@code entries} and their central directory. */
  private static byte[] write(List<Entry> entries, List<Entry> hidden) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry entry : hidden) {
      local(out, entry);
    }
    List<Integer> offsets = new ArrayList<>();
    for (Entry entry : entries) {
      offsets.add(out.size());
      local(out, entry);
    }
    int directory = out.size();
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      byte[] name = entry.centralName().getBytes(StandardCharsets.UTF_8);
      u32(out, 0x02014b50);
      u16(out, 20);
      u16(out, 20);
      u16(out, 0x0800);
      u16(out, entry.method());
      u16(out, 0);
      u16(out, 0x21);
      u32(out, entry.crc());
      u32(out, entry.data().length);
      u32(out, entry.size());
      u16(out, name.length);
      u16(out, 0);
      u16(out, 0);
      u16(out, 0);
      u16(out, 0);
      u32(out, 0);
      u32(out, offsets.get(i));
      out.writeBytes(name);
    }
    int size = out.size() - directory;
    u32(out, 0x06054b50);
    u16(out, 0);
    u16(out, 0);
    u16(out, entries.size());
    u16(out, entries.size());
    u32(out, size);
    u32(out, directory);
    u16(out, 0);
    return out.toByteArray();
  }

  private static void local(ByteArrayOutputStream out, Entry entry) {
    byte[] name = entry.localName().getBytes(StandardCharsets.UTF_8);
    u32(out, 0x04034b50);
    u16(out, 20);
    u16(out, 0x0800);
    u16(out, entry.method());
    u16(out, 0);
    u16(out, 0x21);
    u32(out, entry.crc());
    u32(out, entry.data().length);
    u32(out, entry.size());
    u16(out, name.length);
    u16(out, 0);
    out.writeBytes(name);
    out.writeBytes(entry.data());
  }

  private static byte[] deflate(byte[] content) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static long crc(byte[] content) {
    CRC32 crc = new CRC32();
    crc.update(content);
    return crc.getValue();
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write(value & 0xff);
    out.write(value >>> 8 & 0xff);
  }

  private static void u32(ByteArrayOutputStream out, long value) {
    u16(out, (int) (value & 0xffff));
    u16(out, (int) (value >>> 16 & 0xffff));
  }
}
