package ai.tyrum.gateway.marketplace.catalog;

import ai.tyrum.gateway.lib.json.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One source of {@code marketplace/sources.json}: a catalog's URL, its detached signature's URL and the
 * ids of the keys trusted to sign it.
 */
record CatalogSource(String name, URI url, URI signature, List<String> keys) {

  static final String FILE = "sources.json";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,62}");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Set<String> SCHEMES = Set.of("file", "http", "https");

  CatalogSource {
    keys = List.copyOf(keys);
  }

  /**
   * The sources of {@code sources.json} text.
   *
   * @throws CatalogException {@code sources_invalid}, naming the JSON pointer at fault
   */
  static List<CatalogSource> parse(byte[] json) {
    Map<String, Object> root;
    try {
      root = Json.object(json);
    } catch (RuntimeException e) {
      throw invalid("", "is not a JSON object: " + e.getMessage());
    }
    if (!(root.get("sources") instanceof List<?> list)) {
      throw invalid("/sources", "must be a list of sources");
    }
    List<CatalogSource> sources = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "/sources/" + i;
      if (!(list.get(i) instanceof Map<?, ?> source)) {
        throw invalid(at, "must be an object with name, url and keys");
      }
      String name = text(source, "name", at);
      if (!NAME.matcher(name).matches() || !names.add(name)) {
        throw invalid(at + "/name", "must be a unique name of lower-case letters, digits, '.', '_' or '-'");
      }
      URI url = uri(text(source, "url", at), at + "/url");
      URI signature = source.containsKey("signature")
          ? uri(text(source, "signature", at), at + "/signature")
          : URI.create(url + ".sig");
      List<String> keys = new ArrayList<>();
      if (source.containsKey("keys")) {
        if (!(source.get("keys") instanceof List<?> ids)) {
          throw invalid(at + "/keys", "must be a list of key ids");
        }
        for (int k = 0; k < ids.size(); k++) {
          if (!(ids.get(k) instanceof String id) || !KEY_ID.matcher(id).matches()) {
            throw invalid(at + "/keys/" + k, "must be a key id: 16 lower-case hex characters, the name of a file in marketplace/keys/ without .pub");
          }
          keys.add(id);
        }
      }
      sources.add(new CatalogSource(name, url, signature, keys));
    }
    return sources;
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("url", url.toString());
    json.put("signature", signature.toString());
    json.put("keys", keys);
    return json;
  }

  private static String text(Map<?, ?> source, String field, String at) {
    if (!(source.get(field) instanceof String value) || value.isBlank()) {
      throw invalid(at + "/" + field, "must be a non-empty string");
    }
    return value;
  }

  private static URI uri(String text, String at) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
        throw invalid(at, "must be a file:, http: or https: URL, not " + text);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid(at, "is not a URL: " + e.getMessage());
    }
  }

  private static CatalogException invalid(String pointer, String message) {
    return new CatalogException("sources_invalid", 500,
        "marketplace/" + FILE + (pointer.isEmpty() ? "" : " at " + pointer) + " " + message, List.of(pointer));
  }
}
