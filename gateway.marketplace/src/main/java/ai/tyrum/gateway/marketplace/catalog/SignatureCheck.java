package ai.tyrum.gateway.marketplace.catalog;

import ai.tyrum.gateway.lib.catalog.CatalogKeys;
import ai.tyrum.gateway.lib.catalog.CatalogKeys.KeyFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a catalog is signed by a key trusted for its source: the detached Ed25519 signature over
 * the exact bytes must verify against one of the keys the source lists, each a file
 * {@code marketplace/keys/<key id>.pub} whose key has that id.
 */
final class SignatureCheck {

  private final Path keys;

  SignatureCheck(Path keys) {
    this.keys = keys;
  }

  /**
   * The id of the trusted key that signed {@code index}.
   *
   * @throws CatalogException {@code catalog_unsigned} (no signature), {@code signature_invalid} (not a
   *     signature, or not one of any key the gateway knows), {@code untrusted_key} (signed by a key the
   *     source does not list, or whose file is missing)
   */
  String signer(CatalogSource source, byte[] index, Optional<byte[]> signature) {
    if (signature.isEmpty()) {
      throw refused("catalog_unsigned", "catalog " + source.name() + " has no signature at " + source.signature(), List.of());
    }
    List<String> missing = new ArrayList<>();
    try {
      for (String id : source.keys()) {
        Optional<PublicKey> key = key(id);
        if (key.isEmpty()) {
          missing.add(id);
        } else if (CatalogKeys.verify(key.get(), index, signature.get())) {
          return id;
        }
      }
      for (Path file : keyFiles()) {
        Optional<PublicKey> known = read(file);
        if (known.isPresent() && CatalogKeys.verify(known.get(), index, signature.get())) {
          String id = CatalogKeys.keyId(known.get());
          throw refused("untrusted_key", "catalog " + source.name() + " is signed by key " + id
              + ", which is not among the keys sources.json trusts for it", List.of("key " + id));
        }
      }
    } catch (KeyFormatException e) {
      throw refused("signature_invalid", "the signature of catalog " + source.name() + " is malformed: " + e.getMessage(), List.of());
    }
    if (!missing.isEmpty() && missing.size() == source.keys().size()) {
      throw refused("untrusted_key", "catalog " + source.name() + " cannot be checked: no file in marketplace/keys/ holds the keys it trusts",
          missing.stream().map(id -> "marketplace/keys/" + id + ".pub is missing, or does not hold the PEM Ed25519 key of that id").toList());
    }
    throw refused("signature_invalid", "the signature of catalog " + source.name()
        + " does not verify against any key it trusts: the catalog was changed after it was signed, the signature is forged,"
        + " or it was signed by a key the gateway does not have in marketplace/keys/",
        source.keys().stream().map(id -> "tried key " + id).toList());
  }

  /** The key {@code id}, when its file exists and holds the key of that id. */
  private Optional<PublicKey> key(String id) {
    return read(keys.resolve(id + ".pub")).filter(key -> CatalogKeys.keyId(key).equals(id));
  }

  private Optional<PublicKey> read(Path file) {
    try {
      if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 4096) {
        return Optional.empty();
      }
      return Optional.of(CatalogKeys.readPublicKey(Files.readString(file, StandardCharsets.US_ASCII)));
    } catch (IOException | KeyFormatException e) {
      return Optional.empty();
    }
  }

  private List<Path> keyFiles() {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(keys)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(keys, "*.pub")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      // an unreadable key folder trusts nothing more than the listed keys already did
    }
    return files;
  }

  private static CatalogException refused(String code, String message, List<String> details) {
    return new CatalogException(code, 502, message, details);
  }
}
