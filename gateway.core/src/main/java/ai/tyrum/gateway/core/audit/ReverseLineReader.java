package ai.tyrum.gateway.core.audit;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Reads the lines of a file from its end, so that {@code tail} and recovery on open cost the size of
 * what they read, not the size of the log.
 */
final class ReverseLineReader {

  private static final int BLOCK = 64 * 1024;

  private final FileChannel channel;
  private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
  private long blockStart = -1;
  private long end;

  /**
   * @param end where the last line ends: just after its newline, or where an unterminated line stops
   */
  ReverseLineReader(FileChannel channel, long end) {
    this.channel = channel;
    this.end = end;
  }

  /** The line before the previous one returned, without its newline; empty once the start is reached. */
  Optional<byte[]> previous() throws IOException {
    if (end <= 0) {
      return Optional.empty();
    }
    long lineEnd = end;
    if (byteAt(lineEnd - 1) == '\n') {
      lineEnd--;
    }
    long start = lineEnd;
    while (start > 0 && byteAt(start - 1) != '\n') {
      start--;
    }
    end = start;
    return Optional.of(read(start, (int) (lineEnd - start)));
  }

  /** Where the lines not yet returned end: the offset just after the last newline before them. */
  long position() {
    return end;
  }

  private byte byteAt(long position) throws IOException {
    if (blockStart < 0 || position < blockStart || position >= blockStart + block.limit()) {
      blockStart = Math.max(0, position + 1 - BLOCK);
      block.clear();
      block.limit((int) (position + 1 - blockStart));
      fill(block, blockStart);
      block.flip();
    }
    return block.get((int) (position - blockStart));
  }

  private byte[] read(long start, int length) throws IOException {
    ByteBuffer line = ByteBuffer.allocate(length);
    fill(line, start);
    return line.array();
  }

  private void fill(ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new EOFException("audit log shrank while it was read");
      }
      at += read;
    }
  }
}
