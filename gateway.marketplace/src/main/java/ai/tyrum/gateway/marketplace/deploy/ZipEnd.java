package ai.tyrum.gateway.marketplace.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a file ends with a zip's end of central directory record (APPNOTE 4.3.16), the last thing a
 * zip writer writes: a jar that lacks it is still being written, or is not a jar at all.
 */
final class ZipEnd {

  private static final int SIGNATURE = 0x06054b50;
  private static final int RECORD = 22;
  private static final int MAX_COMMENT = 0xFFFF;

  private ZipEnd() {}

  /** Reads at most the last 64 KiB of {@code file}; the caller has made sure it is a regular file. */
  static boolean present(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < RECORD) {
        return false;
      }
      int tail = (int) Math.min(size, RECORD + MAX_COMMENT);
      ByteBuffer buffer = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
      long start = size - tail;
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, start + buffer.position()) < 0) {
          return false; // shrank while read: it is being written
        }
      }
      // the record ends the file exactly: its comment length says how much follows it
      for (int at = tail - RECORD; at >= 0; at--) {
        if (buffer.getInt(at) == SIGNATURE && at + RECORD + Short.toUnsignedInt(buffer.getShort(at + 20)) == tail) {
          return true;
        }
      }
      return false;
    }
  }
}
