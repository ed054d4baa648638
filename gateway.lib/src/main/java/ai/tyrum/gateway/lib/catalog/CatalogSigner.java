package ai.tyrum.gateway.lib.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs a catalog: {@code --index F --key-dir D [--private-key P]} writes {@code F.sig}, the detached
 * Ed25519 signature of F's exact bytes (base64), and {@code D/<key id>.pub}, the public key as PEM.
 *
 * <p>The key pair is {@code P} (PEM PKCS#8) and {@code P.pub} when they exist; otherwise a fresh pair is
 * made, and kept there when {@code --private-key} is given (owner-only), so that later runs sign with the
 * same key. Without {@code --private-key} the private key of the fresh pair is forgotten after signing.
 * The build runs this to sign the bundled catalog with a key it makes; no private key is ever committed.
 */
public final class CatalogSigner {

  static final String USAGE = "usage: CatalogSigner --index FILE --key-dir DIR [--private-key FILE]";

  private CatalogSigner() {}

  public static void main(String[] args) {
    try {
      String keyId = run(args, System.out);
      System.out.println("signed with key " + keyId);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    } catch (IOException e) {
      System.err.println("error: " + e);
      System.exit(1);
    }
  }

  /** Signs as {@link CatalogSigner} describes and returns the key id. */
  static String run(String[] args, PrintStream out) throws IOException {
    Path index = null;
    Path keyDir = null;
    Path privateKey = null;
    List<String> words = new ArrayList<>(List.of(args));
    while (!words.isEmpty()) {
      String option = words.remove(0);
      if (words.isEmpty()) {
        throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unexpected argument " + option);
      }
      Path value = Path.of(words.remove(0));
      switch (option) {
        case "--index" -> index = value;
        case "--key-dir" -> keyDir = value;
        case "--private-key" -> privateKey = value;
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (index == null || keyDir == null) {
      throw new IllegalArgumentException("--index and --key-dir are required");
    }
    if (!Files.isRegularFile(index)) {
      throw new IllegalArgumentException("no catalog index at " + index);
    }
    KeyPair pair = keyPair(privateKey, out);
    byte[] bytes = Files.readAllBytes(index);
    String keyId = CatalogKeys.keyId(pair.getPublic());
    write(index.resolveSibling(index.getFileName() + ".sig"), CatalogKeys.sign(pair.getPrivate(), bytes));
    Files.createDirectories(keyDir);
    write(keyDir.resolve(keyId + ".pub"), CatalogKeys.publicKeyPem(pair.getPublic()));
    return keyId;
  }

  private static KeyPair keyPair(Path privateKey, PrintStream out) throws IOException {
    if (privateKey != null && Files.exists(privateKey)) {
      Path publicKey = privateKey.resolveSibling(privateKey.getFileName() + ".pub");
      PrivateKey key = CatalogKeys.readPrivateKey(Files.readString(privateKey, StandardCharsets.US_ASCII));
      PublicKey pub = CatalogKeys.readPublicKey(Files.readString(publicKey, StandardCharsets.US_ASCII));
      return new KeyPair(pub, key);
    }
    KeyPair pair = CatalogKeys.generate();
    if (privateKey != null) {
      Files.createDirectories(privateKey.toAbsolutePath().getParent());
      Path temp = Files.createTempFile(privateKey.toAbsolutePath().getParent(), ".key", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, CatalogKeys.privateKeyPem(pair.getPrivate()), StandardCharsets.US_ASCII);
      Files.move(temp, privateKey, StandardCopyOption.ATOMIC_MOVE);
      write(privateKey.resolveSibling(privateKey.getFileName() + ".pub"), CatalogKeys.publicKeyPem(pair.getPublic()));
      out.println("made a new signing key " + CatalogKeys.keyId(pair.getPublic()) + " in " + privateKey);
    }
    return pair;
  }

  private static void write(Path target, String text) throws IOException {
    Files.writeString(target, text, StandardCharsets.US_ASCII);
  }
}
