package ai.tyrum.gateway.core.manifest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Crafts a zip that holds one entry name twice (ZipOutputStream refuses, so the name is changed after). */
final class DuplicateEntryJar {

  private DuplicateEntryJar() {}

  static byte[] withManifestTwice(byte[] jar) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      ZipEntry entry;
      byte[] manifest = null;
      while ((entry = in.getNextEntry()) != null) {
        byte[] bytes = in.readAllBytes();
        zip.putNextEntry(new ZipEntry(entry.getName()));
        zip.write(bytes);
        zip.closeEntry();
        if (entry.getName().equals("META-INF/MANIFEST.MF")) {
          manifest = bytes;
        }
      }
      // same length as META-INF/MANIFEST.MF, patched below
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MX"));
      zip.write(manifest);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = out.toByteArray();
    byte[] from = "META-INF/MANIFEST.MX".getBytes();
    byte[] to = "META-INF/MANIFEST.MF".getBytes();
    for (int i = 0; i <= bytes.length - from.length; i++) {
      boolean match = true;
      for (int j = 0; j < from.length && match; j++) {
        match = bytes[i + j] == from[j];
      }
      if (match) {
        System.arraycopy(to, 0, bytes, i, to.length);
      }
    }
    return bytes;
  }

  /** Renames an entry in the central directory only (the last occurrence of its name), not in its local header. */
  static byte[] renameInCentralDirectory(byte[] jar, String from, String to) {
    byte[] bytes = jar.clone();
    byte[] a = from.getBytes();
    byte[] b = to.getBytes();
    for (int i = bytes.length - a.length; i >= 0; i--) {
      boolean match = true;
      for (int j = 0; j < a.length && match; j++) {
        match = bytes[i + j] == a[j];
      }
      if (match) {
        System.arraycopy(b, 0, bytes, i, b.length);
        return bytes;
      }
    }
    throw new IllegalArgumentException(from + " is not in the jar");
  }
}
