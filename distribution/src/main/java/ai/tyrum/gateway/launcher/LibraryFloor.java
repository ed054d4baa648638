package ai.tyrum.gateway.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The least a start with the example plugins must do beyond bare Felix before the gateway may say ready,
 * done in bare Felix with the run set's own library bundles, the first time each is used in the JVM:
 *
 * <ul>
 *   <li>JSON: a Jackson mapper reads every schema file of every plugin ({@code schemas/*.json} in its jar);
 *   <li>the JSON Schema 2020-12 meta-schema is loaded, and each schema is checked against it and compiled
 *       (DESIGN section 3: a plugin's schemas are checked before it loads);
 *   <li>the bundled catalog's Ed25519 signature is checked with the distribution's key (section 5: the
 *       lockfile is checked against the trusted catalogs at every start, for revocations).
 * </ul>
 *
 * No design of the gateway starts faster than bare Felix plus this on one machine: it is the floor of the
 * start-up ratios, measured beside them by the start-up and scale benchmarks.
 */
final class LibraryFloor {

  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

  private LibraryFloor() {}

  /** Does the work above for {@code plugins}; fails when a library or a file it needs is missing. */
  static void run(BundleContext context, Path home, List<Path> plugins) throws Exception {
    Bundle jackson = bundle(context, "tools.jackson.core.jackson-databind");
    Bundle networknt = bundle(context, "com.networknt.json-schema-validator");
    Class<?> mapperType = jackson.loadClass("tools.jackson.databind.json.JsonMapper");
    Class<?> nodeType = jackson.loadClass("tools.jackson.databind.JsonNode");
    Object mapper = mapperType.getMethod("shared").invoke(null);
    Method readTree = mapperType.getMethod("readTree", byte[].class);

    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // networknt reads its meta-schemas through the context class loader, as the gateway lends it
    thread.setContextClassLoader(networknt.adapt(BundleWiring.class).getClassLoader());
    try {
      Class<?> registryType = networknt.loadClass("com.networknt.schema.SchemaRegistry");
      Class<?> versionType = networknt.loadClass("com.networknt.schema.SpecificationVersion");
      Class<?> locationType = networknt.loadClass("com.networknt.schema.SchemaLocation");
      Object registry = registryType.getMethod("withDefaultDialect", versionType).invoke(null, enumValue(versionType, "DRAFT_2020_12"));
      Object location = locationType.getMethod("of", String.class).invoke(null, META_SCHEMA);
      Object metaSchema = registryType.getMethod("getSchema", locationType).invoke(registry, location);
      Method validate = metaSchema.getClass().getMethod("validate", nodeType);
      Method compile = registryType.getMethod("getSchema", nodeType);
      Method initialize = metaSchema.getClass().getMethod("initializeValidators");
      for (Path plugin : plugins) {
        for (byte[] schema : schemas(plugin)) {
          Object tree = readTree.invoke(mapper, (Object) schema);
          List<?> errors = (List<?>) validate.invoke(metaSchema, tree);
          if (!errors.isEmpty()) {
            throw new IllegalStateException("a schema of " + plugin + " does not pass the meta-schema: " + errors);
          }
          initialize.invoke(compile.invoke(registry, tree));
        }
      }
    } finally {
      thread.setContextClassLoader(previous);
    }

    verifyCatalog(home.resolve("catalog"));
  }

  private static Bundle bundle(BundleContext context, String symbolicName) {
    for (Bundle bundle : context.getBundles()) {
      if (symbolicName.equals(bundle.getSymbolicName())) {
        return bundle;
      }
    }
    throw new IllegalStateException("the run set has no bundle " + symbolicName);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }

  /** The schema files of a plugin jar: its {@code schemas/*.json} entries. */
  private static List<byte[]> schemas(Path jar) throws IOException {
    List<byte[]> schemas = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        if (entry.getName().startsWith("schemas/") && entry.getName().endsWith(".json")) {
          try (InputStream in = file.getInputStream(entry)) {
            schemas.add(in.readAllBytes());
          }
        }
      }
    }
    return schemas;
  }

  private static void verifyCatalog(Path catalog) throws IOException, GeneralSecurityException {
    byte[] index = Files.readAllBytes(catalog.resolve("index.xml"));
    byte[] signature = Base64.getDecoder().decode(Files.readString(catalog.resolve("index.xml.sig")).strip());
    try (DirectoryStream<Path> keys = Files.newDirectoryStream(catalog.resolve("keys"), "*.pub")) {
      for (Path key : keys) {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey(Files.readString(key, StandardCharsets.US_ASCII)));
        verifier.update(index);
        if (verifier.verify(signature)) {
          return;
        }
      }
    }
    throw new GeneralSecurityException("no key in " + catalog.resolve("keys") + " verifies the catalog's signature");
  }

  private static PublicKey publicKey(String pem) throws GeneralSecurityException {
    String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
  }
}
