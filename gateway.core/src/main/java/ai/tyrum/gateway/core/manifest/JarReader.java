package ai.tyrum.gateway.core.manifest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a jar (a zip, APPNOTE 6.3) from its bytes in one way only, and refuses every jar that another zip
 * reader could see differently: the framework reads the central directory, {@code JarInputStream} the local
 * headers in order, so both must describe the same entries, laid end to end with nothing between or hidden.
 * Inflated bytes are counted as they come out of the inflater, whatever sizes the headers claim.
 */
final class JarReader {

  static final String MANIFEST = "META-INF/MANIFEST.MF";

  private static final int LOCAL = 0x04034b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final int DESCRIPTOR = 0x08074b50;
  private static final int END_SIZE = 22;
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  private static final int FLAG_ENCRYPTED = 1;
  private static final int FLAG_DESCRIPTOR = 1 << 3;

  private final byte[] jar;
  private final int maxEntries;
  private final long maxInflated;
  private final int maxEntry;

  private JarReader(byte[] jar, int maxEntries, long maxInflated, int maxEntry) {
    this.jar = jar;
    this.maxEntries = maxEntries;
    this.maxInflated = maxInflated;
    this.maxEntry = maxEntry;
  }

  /**
   * The jar's file entries (directories left out), by name, in the order they are laid out.
   *
   * @throws ManifestException {@code invalid_jar} (not a zip this reader accepts), {@code unsafe_entry_name},
   *     {@code jar_entries_disagree}, {@code duplicate_manifest} or {@code inflation_bound}
   */
  static Map<String, byte[]> read(byte[] jar, int maxEntries, long maxInflated, int maxEntry) {
    return new JarReader(jar, maxEntries, maxInflated, maxEntry).entries();
  }

  private record Central(String name, int flags, int method, long crc, long compressed, long size, long offset) {}

  private Map<String, byte[]> entries() {
    int end = endRecord();
    if (u16(end + 4) != 0 || u16(end + 6) != 0 || u16(end + 8) != u16(end + 10)) {
      throw fault("invalid_jar", "the jar spans several disks; build it as one plain jar");
    }
    int count = u16(end + 10);
    long directorySize = u32(end + 12);
    long directoryOffset = u32(end + 16);
    if (count == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL) {
      throw fault("invalid_jar", "the jar is a zip64 archive; a plugin jar is small enough for a plain zip");
    }
    if (count > maxEntries) {
      throw fault("invalid_jar", "the jar has more than " + maxEntries + " entries");
    }
    if (directoryOffset + directorySize != end) {
      throw fault("jar_entries_disagree",
          "the jar's central directory does not end where its end record begins: bytes are hidden between them");
    }
    List<Central> central = centralDirectory((int) directoryOffset, count, end);
    checkNames(central);

    Map<String, byte[]> entries = new LinkedHashMap<>();
    List<Central> laidOut = new ArrayList<>(central);
    laidOut.sort(Comparator.comparingLong(Central::offset));
    long expected = 0;
    long inflated = 0;
    for (Central entry : laidOut) {
      if (entry.offset() != expected) {
        throw fault("jar_entries_disagree", entry.offset() < expected
            ? "entry " + entry.name() + " overlaps the entry before it"
            : "the jar holds " + (entry.offset() - expected) + " bytes at offset " + expected
                + " that its central directory does not list (a hidden entry or prepended data)");
      }
      Local local = local(entry, (int) directoryOffset);
      byte[] bytes = content(entry, local.dataStart(), maxInflated - inflated);
      inflated += bytes.length;
      expected = local.end();
      if (!entry.name().endsWith("/")) {
        entries.put(entry.name(), bytes);
      } else if (bytes.length > 0) {
        throw fault("jar_entries_disagree", "directory entry " + entry.name() + " has content");
      }
    }
    if (expected != directoryOffset) {
      throw fault("jar_entries_disagree", "the jar holds " + (directoryOffset - expected)
          + " bytes before its central directory that no entry accounts for");
    }
    return entries;
  }

  /** The one end record whose comment reaches exactly the end of the jar; two such records disagree. */
  private int endRecord() {
    List<Integer> found = new ArrayList<>();
    for (int at = jar.length - END_SIZE; at >= 0 && at >= jar.length - END_SIZE - 0xffff; at--) {
      if (i32(at) == END && at + END_SIZE + u16(at + 20) == jar.length) {
        found.add(at);
      }
    }
    if (found.isEmpty()) {
      throw fault("invalid_jar", "the file is not a jar (no zip end record)");
    }
    if (found.size() > 1) {
      throw fault("jar_entries_disagree",
          "the jar has " + found.size() + " zip end records: zip readers would pick different central directories");
    }
    return found.get(0);
  }

  private List<Central> centralDirectory(int offset, int count, int end) {
    List<Central> central = new ArrayList<>(count);
    int at = offset;
    for (int i = 0; i < count; i++) {
      need(at, 46, end, "the central directory");
      if (i32(at) != CENTRAL) {
        throw fault("invalid_jar", "the central directory is damaged at entry " + i);
      }
      int nameLength = u16(at + 28);
      int extraLength = u16(at + 30);
      int commentLength = u16(at + 32);
      need(at + 46, nameLength + extraLength + commentLength, end, "the central directory");
      String name = name(at + 46, nameLength);
      central.add(new Central(name, u16(at + 8), u16(at + 10), u32(at + 16), u32(at + 20), u32(at + 24), u32(at + 42)));
      at += 46 + nameLength + extraLength + commentLength;
    }
    if (at != end) {
      throw fault("jar_entries_disagree",
          "the central directory holds " + (end - at) + " bytes beyond the " + count + " entries its end record counts");
    }
    return central;
  }

  /** DESIGN section 5: entry names relative, without '..', backslashes or NUL; one manifest; no name twice. */
  private static void checkNames(List<Central> central) {
    Map<String, String> seen = new LinkedHashMap<>();
    int manifests = 0;
    for (Central entry : central) {
      String name = entry.name();
      unsafe(name).ifPresent(why -> {
        throw fault("unsafe_entry_name", "entry " + printable(name) + " " + why + "; rebuild the jar with plain relative names");
      });
      if (name.equalsIgnoreCase(MANIFEST)) {
        manifests++;
      }
      if (seen.put(name, name) != null && !name.equalsIgnoreCase(MANIFEST)) {
        throw fault("jar_entries_disagree", "the jar holds entry " + name + " twice; readers would pick different copies");
      }
    }
    if (manifests > 1) {
      throw fault("duplicate_manifest", "the jar holds " + manifests + " entries named " + MANIFEST
          + " (in any case): the framework and other readers would read different manifests; keep one");
    }
  }

  /** Why an entry name is unsafe to extract or to look up, or empty. */
  static Optional<String> unsafe(String name) {
    if (name.isEmpty()) {
      return Optional.of("has an empty name");
    }
    if (name.indexOf('\0') >= 0) {
      return Optional.of("contains a NUL character");
    }
    if (name.indexOf('\\') >= 0) {
      return Optional.of("contains a backslash");
    }
    if (name.startsWith("/") || (name.length() > 1 && name.charAt(1) == ':')) {
      return Optional.of("is absolute");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return Optional.of("contains a control character");
      }
    }
    String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("climbs out with '..'");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return Optional.of("has an empty or '.' segment");
      }
    }
    return Optional.empty();
  }

  private record Local(long dataStart, long end) {}

  /** The entry's local header, which must say what the central directory says. */
  private Local local(Central entry, int limit) {
    int at = (int) entry.offset();
    need(at, 30, limit, "the local header of " + entry.name());
    if (i32(at) != LOCAL) {
      throw fault("jar_entries_disagree", "the central directory points " + entry.name() + " at bytes that are no local entry");
    }
    int flags = u16(at + 6);
    int nameLength = u16(at + 26);
    int extraLength = u16(at + 28);
    need(at + 30, nameLength + extraLength, limit, "the local header of " + entry.name());
    String name = name(at + 30, nameLength);
    if (!name.equals(entry.name())) {
      throw fault("jar_entries_disagree", "the central directory names an entry " + printable(entry.name())
          + " whose local header names it " + printable(name));
    }
    if ((flags & FLAG_ENCRYPTED) != 0 || (entry.flags() & FLAG_ENCRYPTED) != 0) {
      throw fault("invalid_jar", "entry " + entry.name() + " is encrypted");
    }
    if (flags != entry.flags() || u16(at + 8) != entry.method()) {
      throw fault("jar_entries_disagree", "the local header and the central directory disagree about how " + entry.name() + " is stored");
    }
    long dataStart = (long) at + 30 + nameLength + extraLength;
    long dataEnd = dataStart + entry.compressed();
    if (dataEnd > limit) {
      throw fault("jar_entries_disagree", "entry " + entry.name() + " runs into the central directory");
    }
    long end;
    if ((flags & FLAG_DESCRIPTOR) == 0) {
      if (u32(at + 14) != entry.crc() || u32(at + 18) != entry.compressed() || u32(at + 22) != entry.size()) {
        throw fault("jar_entries_disagree", "the local header and the central directory disagree about the size or CRC of " + entry.name());
      }
      end = dataEnd;
    } else {
      end = descriptor(entry, (int) dataEnd, limit);
    }
    return new Local(dataStart, end);
  }

  /** The data descriptor after a streamed entry (with or without its signature); where it ends. */
  private long descriptor(Central entry, int at, int limit) {
    int start = at;
    if (at + 4 <= limit && i32(at) == DESCRIPTOR) {
      start = at + 4;
    }
    need(start, 12, limit, "the data descriptor of " + entry.name());
    if (u32(start) != entry.crc() || u32(start + 4) != entry.compressed() || u32(start + 8) != entry.size()) {
      throw fault("jar_entries_disagree", "the data descriptor and the central directory disagree about " + entry.name());
    }
    return start + 12L;
  }

  /** Inflates (or copies) the entry, counting the bytes that come out against both bounds. */
  private byte[] content(Central entry, long dataStart, long inflatedLeft) {
    long bound = Math.min(maxEntry, inflatedLeft);
    if (entry.size() > bound) {
      throw bound(entry, entry.size() + " bytes by its headers");
    }
    int from = (int) dataStart;
    int length = (int) entry.compressed();
    byte[] bytes;
    if (length == 0 && entry.size() == 0) {
      bytes = new byte[0]; // an empty entry, directories among them, whatever its method says
    } else if (entry.method() == STORED) {
      if (entry.compressed() != entry.size()) {
        throw fault("jar_entries_disagree", "stored entry " + entry.name() + " claims two different sizes");
      }
      bytes = Arrays.copyOfRange(jar, from, from + length);
    } else if (entry.method() == DEFLATED) {
      bytes = inflate(entry, from, length, bound);
    } else {
      throw fault("invalid_jar", "entry " + entry.name() + " uses compression method " + entry.method()
          + "; a jar stores or deflates its entries");
    }
    if (bytes.length != entry.size()) {
      throw fault("jar_entries_disagree", "entry " + entry.name() + " inflates to " + bytes.length
          + " bytes where its headers say " + entry.size());
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    if (crc.getValue() != entry.crc()) {
      throw fault("jar_entries_disagree", "entry " + entry.name() + " does not match the CRC its headers give");
    }
    return bytes;
  }

  private byte[] inflate(Central entry, int from, int length, long bound) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(jar, from, length);
      byte[] buffer = new byte[(int) Math.min(Math.max(entry.size(), 64), bound + 1)];
      int produced = 0;
      while (!inflater.finished()) {
        if (produced == buffer.length) {
          if (produced > bound) {
            throw bound(entry, "more than " + bound + " bytes once inflated");
          }
          buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, bound + 1));
        }
        int n = inflater.inflate(buffer, produced, buffer.length - produced);
        if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
          throw fault("jar_entries_disagree", "entry " + entry.name() + " ends before its deflated data does");
        }
        produced += n;
        if (produced > bound) {
          throw bound(entry, "more than " + bound + " bytes once inflated");
        }
      }
      if (inflater.getRemaining() != 0) {
        throw fault("jar_entries_disagree", "entry " + entry.name() + " has " + inflater.getRemaining()
            + " bytes after its deflated data");
      }
      return Arrays.copyOf(buffer, produced);
    } catch (DataFormatException e) {
      throw fault("invalid_jar", "entry " + entry.name() + " is not valid deflated data: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private ManifestException bound(Central entry, String what) {
    return fault("inflation_bound", "entry " + entry.name() + " is " + what + ", over the bound of " + maxEntry
        + " bytes an entry and " + maxInflated + " bytes the whole jar may inflate to; a plugin jar this large is refused");
  }

  private String name(int at, int length) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(jar, at, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw fault("unsafe_entry_name", "an entry name at offset " + at + " is not valid UTF-8; rebuild the jar with plain relative names");
    }
  }

  private void need(long at, long length, long limit, String what) {
    if (at < 0 || at + length > limit) {
      throw fault("invalid_jar", what + " is cut short or points outside the jar");
    }
  }

  private int u16(int at) {
    return (jar[at] & 0xff) | (jar[at + 1] & 0xff) << 8;
  }

  private long u32(int at) {
    return i32(at) & 0xffffffffL;
  }

  private int i32(int at) {
    return (jar[at] & 0xff) | (jar[at + 1] & 0xff) << 8 | (jar[at + 2] & 0xff) << 16 | (jar[at + 3] & 0xff) << 24;
  }

  private static String printable(String name) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.append('"').toString();
  }

  private static ManifestException fault(String reason, String detail) {
    return new ManifestException(List.of(new ManifestFault(reason, detail)));
  }
}
