package ai.tyrum.gateway.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads streams with a hard cap, so that a crafted entry cannot inflate without bound. */
final class Bounded {

  private Bounded() {}

  static byte[] readAll(InputStream in, int maxBytes, String what) throws IOException {
    byte[] buffer = new byte[Math.min(maxBytes + 1, 8192)];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        if (length > maxBytes) {
          throw new IOException(what + " is larger than " + maxBytes + " bytes");
        }
        buffer = Arrays.copyOf(buffer, Math.min(maxBytes + 1, buffer.length * 2));
      }
      int n = in.read(buffer, length, buffer.length - length);
      if (n < 0) {
        return Arrays.copyOf(buffer, length);
      }
      length += n;
      if (length > maxBytes) {
        throw new IOException(what + " is larger than " + maxBytes + " bytes");
      }
    }
  }
}
