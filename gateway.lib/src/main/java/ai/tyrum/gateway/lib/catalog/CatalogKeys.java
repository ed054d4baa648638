package ai.tyrum.gateway.lib.catalog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys and detached signatures of catalogs, with the JDK's own crypto (DESIGN section 5). A public
 * key is stored as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509), a private key as PEM PKCS#8, a
 * signature as the base64 text of its 64 bytes. A key's id is the first 16 hex characters of the SHA-256
 * of its X.509 encoding.
 */
public final class CatalogKeys {

  public static final String ALGORITHM = "Ed25519";
  /** Ed25519 signatures are always this long (RFC 8032 section 5.1.6). */
  public static final int SIGNATURE_BYTES = 64;

  private static final String PUBLIC_LABEL = "PUBLIC KEY";
  private static final String PRIVATE_LABEL = "PRIVATE KEY";

  private CatalogKeys() {}

  /** A fresh key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519 (Java 15 or later has)", e);
    }
  }

  /** The key id: the first 16 hex characters of the SHA-256 of the key's X.509 encoding. */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The base64 text of the detached signature of {@code bytes}, with a line break at its end. */
  public static String sign(PrivateKey key, byte[] bytes) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(bytes);
      return Base64.getEncoder().encodeToString(signature.sign()) + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code signatureText} (as {@link #sign} writes it) is {@code key}'s signature of exactly
   * {@code bytes}.
   *
   * @throws KeyFormatException when the text is not the base64 of a 64-byte signature
   */
  public static boolean verify(PublicKey key, byte[] bytes, byte[] signatureText) {
    byte[] raw = decodeSignature(signatureText);
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      signature.update(bytes);
      return signature.verify(raw);
    } catch (InvalidKeyException e) {
      throw new KeyFormatException("not an Ed25519 public key: " + e.getMessage());
    } catch (SignatureException e) {
      return false;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] decodeSignature(byte[] signatureText) {
    String text = new String(signatureText, StandardCharsets.US_ASCII).strip();
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("the signature is not base64 text: " + e.getMessage());
    }
    if (raw.length != SIGNATURE_BYTES) {
      throw new KeyFormatException("the signature has " + raw.length + " bytes; an Ed25519 signature has " + SIGNATURE_BYTES);
    }
    return raw;
  }

  /** {@code key} as PEM text. */
  public static String publicKeyPem(PublicKey key) {
    return pem(PUBLIC_LABEL, key.getEncoded());
  }

  /** {@code key} as PEM PKCS#8 text. */
  public static String privateKeyPem(PrivateKey key) {
    return pem(PRIVATE_LABEL, key.getEncoded());
  }

  /**
   * The Ed25519 public key of PEM text.
   *
   * @throws KeyFormatException when the text is not one PEM public key, or not an Ed25519 one
   */
  public static PublicKey readPublicKey(String pem) {
    byte[] der = unpem(PUBLIC_LABEL, pem);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw new KeyFormatException("not an Ed25519 public key: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The Ed25519 private key of PEM PKCS#8 text.
   *
   * @throws KeyFormatException when the text is not one PEM private key, or not an Ed25519 one
   */
  public static PrivateKey readPrivateKey(String pem) {
    byte[] der = unpem(PRIVATE_LABEL, pem);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw new KeyFormatException("not an Ed25519 private key: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  private static byte[] unpem(String label, String pem) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    String text = pem.strip();
    if (!text.startsWith(begin) || !text.endsWith(end) || text.length() < begin.length() + end.length()) {
      throw new KeyFormatException("not a PEM " + label.toLowerCase(java.util.Locale.ROOT) + ": it must start with " + begin + " and end with " + end);
    }
    String body = text.substring(begin.length(), text.length() - end.length());
    if (body.contains("-----")) {
      throw new KeyFormatException("more than one PEM block; a key file holds exactly one " + begin + " block");
    }
    try {
      return Base64.getDecoder().decode(body.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("the PEM body is not base64: " + e.getMessage());
    }
  }

  /** A key or signature that is not in the expected format; the message says what is wrong. */
  public static final class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
      super(message);
    }
  }
}
