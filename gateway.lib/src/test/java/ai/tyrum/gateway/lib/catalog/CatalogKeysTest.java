package ai.tyrum.gateway.lib.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.catalog.CatalogKeys.KeyFormatException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogKeysTest {

  private static final byte[] CATALOG = "<repository/>\n".getBytes(StandardCharsets.UTF_8);

  private final KeyPair pair = CatalogKeys.generate();

  @Test
  void signatureOfTheExactBytesVerifies() {
    String signature = CatalogKeys.sign(pair.getPrivate(), CATALOG);

    assertThat(CatalogKeys.verify(pair.getPublic(), CATALOG, signature.getBytes(StandardCharsets.US_ASCII))).isTrue();
    assertThat(Base64.getDecoder().decode(signature.strip())).hasSize(CatalogKeys.SIGNATURE_BYTES);
  }

  @Test
  void oneFlippedByteOfTheCatalogFailsVerification() {
    byte[] signature = CatalogKeys.sign(pair.getPrivate(), CATALOG).getBytes(StandardCharsets.US_ASCII);
    byte[] changed = CATALOG.clone();
    changed[3] ^= 1;

    assertThat(CatalogKeys.verify(pair.getPublic(), changed, signature)).isFalse();
  }

  @Test
  void oneFlippedByteOfTheSignatureFailsVerification() {
    byte[] raw = Base64.getDecoder().decode(CatalogKeys.sign(pair.getPrivate(), CATALOG).strip());
    raw[10] ^= 1;

    assertThat(CatalogKeys.verify(pair.getPublic(), CATALOG, Base64.getEncoder().encode(raw))).isFalse();
  }

  @Test
  void anotherKeysSignatureFailsVerification() {
    byte[] signature = CatalogKeys.sign(CatalogKeys.generate().getPrivate(), CATALOG).getBytes(StandardCharsets.US_ASCII);

    assertThat(CatalogKeys.verify(pair.getPublic(), CATALOG, signature)).isFalse();
  }

  @Test
  void keysRoundTripThroughPem() {
    String pem = CatalogKeys.publicKeyPem(pair.getPublic());

    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    assertThat(CatalogKeys.readPublicKey(pem)).isEqualTo(pair.getPublic());
    assertThat(CatalogKeys.readPrivateKey(CatalogKeys.privateKeyPem(pair.getPrivate()))).isEqualTo(pair.getPrivate());
  }

  @Test
  void keyIdIsTheFirstSixteenHexCharactersOfTheDigestOfTheEncodedKey() throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded());

    assertThat(CatalogKeys.keyId(pair.getPublic()))
        .hasSize(16)
        .isEqualTo(java.util.HexFormat.of().formatHex(digest).substring(0, 16));
  }

  @Test
  void malformedInputsAreRefusedWithAMessageThatSaysWhy() {
    assertThatThrownBy(() -> CatalogKeys.readPublicKey("hello"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("-----BEGIN PUBLIC KEY-----");
    assertThatThrownBy(() -> CatalogKeys.readPublicKey("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("not base64");
    assertThatThrownBy(() -> CatalogKeys.readPublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("not an Ed25519 public key");
    assertThatThrownBy(() -> CatalogKeys.verify(pair.getPublic(), CATALOG, "not base64 at all!".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("not base64");
    assertThatThrownBy(() -> CatalogKeys.verify(pair.getPublic(), CATALOG, "AAAA".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("has 3 bytes");
  }

  @Test
  void signerWritesTheSignatureAndThePublicKeyAndKeepsItsKey(@TempDir Path dir) throws Exception {
    Path index = Files.write(dir.resolve("index.xml"), CATALOG);
    Path privateKey = dir.resolve("signing/private.pem");
    String[] args = {"--index", index.toString(), "--key-dir", dir.resolve("keys").toString(), "--private-key", privateKey.toString()};
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    String keyId = CatalogSigner.run(args, out);
    String again = CatalogSigner.run(args, out);

    assertThat(again).isEqualTo(keyId);
    assertThat(Files.getPosixFilePermissions(privateKey)).hasSize(2);
    var publicKey = CatalogKeys.readPublicKey(Files.readString(dir.resolve("keys/" + keyId + ".pub")));
    assertThat(CatalogKeys.verify(publicKey, CATALOG, Files.readAllBytes(dir.resolve("index.xml.sig")))).isTrue();
  }

  @Test
  void signerRefusesMissingArguments(@TempDir Path dir) {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> CatalogSigner.run(new String[] {"--index", dir.resolve("none.xml").toString(), "--key-dir", dir.toString()}, out))
        .hasMessageContaining("no catalog index at");
    assertThatThrownBy(() -> CatalogSigner.run(new String[] {"--index"}, out)).hasMessage("--index needs a value");
    assertThatThrownBy(() -> CatalogSigner.run(new String[] {"--key-dir", "x"}, out)).hasMessage("--index and --key-dir are required");
  }
}
