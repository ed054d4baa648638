package ai.tyrum.gateway.marketplace.install;

import ai.tyrum.gateway.lib.json.CanonicalDigest;
import ai.tyrum.gateway.lib.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The contract of each tool a plugin declares (DESIGN section 5, lockfile): the SHA-256 of the
 * canonical JSON of its capability attributes and its input and output schemas. Two versions whose
 * hashes differ for a tool have changed what callers may send or receive.
 */
final class Contracts {

  private static final int MAX_SCHEMA = 1 << 20;

  private Contracts() {}

  /** Per tool name, its contract hash; {@code jar} has passed the jar checks, so it reads one way. */
  @SuppressWarnings("unchecked")
  static Map<String, String> of(Map<String, Object> manifest, byte[] jar) throws IOException {
    List<Map<String, Object>> tools = (List<Map<String, Object>>) manifest.getOrDefault("tools", List.of());
    Set<String> paths = new TreeSet<>();
    for (Map<String, Object> tool : tools) {
      paths.add(String.valueOf(tool.get("input_schema")));
      paths.add(String.valueOf(tool.get("output_schema")));
    }
    Map<String, Object> schemas = schemas(jar, paths);
    Map<String, String> contracts = new TreeMap<>();
    for (Map<String, Object> tool : tools) {
      Map<String, Object> contract = new LinkedHashMap<>();
      contract.put("name", tool.get("name"));
      contract.put("effect", tool.get("effect"));
      contract.put("description", tool.get("description"));
      contract.put("input_schema", schemas.get(String.valueOf(tool.get("input_schema"))));
      contract.put("output_schema", schemas.get(String.valueOf(tool.get("output_schema"))));
      contracts.put(String.valueOf(tool.get("name")), CanonicalDigest.of(contract).sha256());
    }
    return contracts;
  }

  /**
   * What changed from {@code before} to {@code after}: tools whose contract changed, tools added and
   * tools removed, each sorted.
   */
  static Map<String, Object> difference(Map<String, String> before, Map<String, String> after) {
    Set<String> changed = new TreeSet<>();
    Set<String> added = new TreeSet<>();
    Set<String> removed = new TreeSet<>(before.keySet());
    after.forEach((tool, hash) -> {
      removed.remove(tool);
      if (!before.containsKey(tool)) {
        added.add(tool);
      } else if (!before.get(tool).equals(hash)) {
        changed.add(tool);
      }
    });
    Map<String, Object> difference = new LinkedHashMap<>();
    difference.put("changed_tools", List.copyOf(changed));
    difference.put("added_tools", List.copyOf(added));
    difference.put("removed_tools", List.copyOf(removed));
    return difference;
  }

  private static Map<String, Object> schemas(byte[] jar, Set<String> paths) throws IOException {
    Map<String, Object> schemas = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (paths.contains(entry.getName())) {
          schemas.put(entry.getName(), Json.MAPPER.readValue(bounded(zip), Object.class));
        }
      }
    }
    return schemas;
  }

  private static byte[] bounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
      if (out.size() > MAX_SCHEMA) {
        throw new IOException("a schema is larger than " + MAX_SCHEMA + " bytes");
      }
    }
    return out.toByteArray();
  }
}
