package ai.tyrum.gateway.marketplace.catalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the bytes at a {@code file:} or {@code http(s):} URL once, never more than a limit: a catalog, its
 * signature, a plugin jar. Redirects are not followed (a catalog names where its files are).
 */
final class Download {

  private final HttpClient http;
  private final Duration timeout;

  Download(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** More bytes than the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(URI uri, long limit) {
      super(uri + " holds more than " + limit + " bytes");
    }
  }

  /**
   * The bytes at {@code uri}; empty when there is nothing there (no such file, HTTP 404 or 410).
   *
   * @throws TooLarge when there are more than {@code limit} bytes
   * @throws IOException when the bytes cannot be read
   */
  Optional<byte[]> read(URI uri, long limit) throws IOException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "file" -> {
        try (InputStream in = Files.newInputStream(Path.of(uri))) {
          return Optional.of(bounded(in, uri, limit));
        } catch (NoSuchFileException e) {
          return Optional.empty();
        } catch (IllegalArgumentException e) {
          throw new IOException("not a file URL: " + uri, e);
        }
      }
      case "http", "https" -> {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
          response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while reading " + uri, e);
        }
        try (InputStream in = response.body()) {
          int status = response.statusCode();
          if (status == 404 || status == 410) {
            return Optional.empty();
          }
          if (status != 200) {
            throw new IOException(uri + " answered HTTP " + status + (status / 100 == 3 ? " (redirects are not followed)" : ""));
          }
          return Optional.of(bounded(in, uri, limit));
        }
      }
      default -> throw new IOException("the gateway reads only file:, http: and https: URLs, not " + uri);
    }
  }

  private static byte[] bounded(InputStream in, URI uri, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
      if (total > limit) {
        throw new TooLarge(uri, limit);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
