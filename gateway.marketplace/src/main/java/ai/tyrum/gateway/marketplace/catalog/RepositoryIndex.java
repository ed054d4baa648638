package ai.tyrum.gateway.marketplace.catalog;

import ai.tyrum.gateway.marketplace.catalog.CatalogEntry.Capability;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.osgi.framework.Version;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads an OSGi Repository index (OSGi Compendium 132.5, the XML bnd's indexer writes) into catalog
 * entries: each {@code resource} with a {@code tyrum.plugin} capability is a plugin version, each with a
 * {@code tyrum.revocation} capability revokes one. Resources of neither kind (libraries) are skipped.
 * A malformed plugin resource refuses the whole index: a signed catalog is taken whole or not at all.
 */
final class RepositoryIndex {

  static final String NAMESPACE = "http://www.osgi.org/xmlns/repository/v1.0.0";
  static final String REVOCATION = "tyrum.revocation";
  private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Set<String> JAR_SCHEMES = Set.of("file", "http", "https");

  /** What one index offers. */
  record Parsed(List<CatalogEntry> entries, List<Revocation> revocations) {}

  private RepositoryIndex() {}

  /**
   * The entries and revocations of {@code xml}, the index at {@code base}, which {@code origin} names.
   *
   * @throws CatalogException {@code catalog_invalid}, saying which resource and what is wrong
   */
  static Parsed parse(byte[] xml, URI base, PluginOrigin origin) {
    Element repository = document(xml).getDocumentElement();
    if (!"repository".equals(repository.getLocalName()) || !NAMESPACE.equals(repository.getNamespaceURI())) {
      throw invalid("the root element is not <repository xmlns=\"" + NAMESPACE + "\">");
    }
    List<CatalogEntry> entries = new ArrayList<>();
    List<Revocation> revocations = new ArrayList<>();
    int index = 0;
    for (Element resource : children(repository, "resource")) {
      index++;
      List<Capability> capabilities = capabilities(resource, index);
      Optional<Capability> revocation = first(capabilities, REVOCATION);
      if (revocation.isPresent()) {
        revocations.add(revocation(revocation.get(), index));
      } else if (first(capabilities, "tyrum.plugin").isPresent()) {
        entries.add(entry(capabilities, base, origin, index));
      }
    }
    return new Parsed(entries, revocations);
  }

  private static Document document(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      // No DTD at all: no external entity, no entity expansion bomb, no fetch of anything the index names.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new ErrorHandler() { // the default one prints to stderr
        @Override public void warning(SAXParseException e) {}
        @Override public void error(SAXParseException e) throws SAXException { throw e; }
        @Override public void fatalError(SAXParseException e) throws SAXException { throw e; }
      });
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("the index refers to an external entity " + systemId);
      });
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (SAXParseException e) {
      throw invalid("the index is not well-formed XML (line " + e.getLineNumber() + "): " + e.getMessage());
    } catch (SAXException | IOException e) {
      throw invalid("the index cannot be parsed: " + e.getMessage());
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a security feature: " + e.getMessage(), e);
    }
  }

  private static List<Capability> capabilities(Element resource, int index) {
    List<Capability> capabilities = new ArrayList<>();
    for (Element capability : children(resource, "capability")) {
      String namespace = capability.getAttribute("namespace");
      if (namespace.isEmpty()) {
        throw invalid(where(index) + " has a capability without a namespace");
      }
      Map<String, Object> attributes = new LinkedHashMap<>();
      for (Element attribute : children(capability, "attribute")) {
        String name = attribute.getAttribute("name");
        if (name.isEmpty() || !attribute.hasAttribute("value")) {
          throw invalid(where(index) + ", capability " + namespace + ", has an attribute without a name or value");
        }
        attributes.put(name, typed(attribute.getAttribute("value"), attribute.getAttribute("type"), index, namespace, name));
      }
      capabilities.add(new Capability(namespace, attributes));
    }
    return capabilities;
  }

  /** 132.5.6: the value of {@code type} String (the default), Version, Long, Double or List of one of them. */
  private static Object typed(String value, String type, int index, String namespace, String name) {
    String at = where(index) + ", capability " + namespace + ", attribute " + name;
    String trimmed = type.strip();
    if (trimmed.startsWith("List<") && trimmed.endsWith(">")) {
      String element = trimmed.substring(5, trimmed.length() - 1).strip();
      List<Object> values = new ArrayList<>();
      for (String part : splitList(value)) {
        values.add(scalar(part, element, at));
      }
      return List.copyOf(values);
    }
    return scalar(value, trimmed.isEmpty() ? "String" : trimmed, at);
  }

  private static Object scalar(String value, String type, String at) {
    try {
      return switch (type) {
        case "String" -> value;
        case "Version" -> Version.parseVersion(value.strip()).toString();
        case "Long" -> Long.parseLong(value.strip());
        case "Double" -> Double.parseDouble(value.strip());
        default -> throw invalid(at + " has the unknown type " + type);
      };
    } catch (IllegalArgumentException e) {
      throw invalid(at + " is not a " + type + ": " + value);
    }
  }

  /** A list value: comma separated, {@code \} escapes the next character (a comma or a backslash). */
  private static List<String> splitList(String value) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        part.append(value.charAt(++i));
      } else if (c == ',') {
        parts.add(part.toString().strip());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    if (!value.isBlank()) {
      parts.add(part.toString().strip());
    }
    return parts;
  }

  private static CatalogEntry entry(List<Capability> capabilities, URI base, PluginOrigin origin, int index) {
    Map<String, Object> plugin = first(capabilities, "tyrum.plugin").orElseThrow().attributes();
    String id = string(plugin, "tyrum.plugin", "tyrum.plugin", index);
    if (!PLUGIN_ID.matcher(id).matches()) {
      throw invalid(where(index) + " has the plugin id " + id + ", which is not of [a-z][a-z0-9-]{0,62}");
    }
    Map<String, Object> identity = first(capabilities, "osgi.identity")
        .orElseThrow(() -> invalid(where(index) + " (plugin " + id + ") has no osgi.identity capability")).attributes();
    String bundle = string(identity, "osgi.identity", "osgi.identity", index);
    // tyrum.plugin's version:Version equals Bundle-Version (DESIGN section 3); bnd writes the latter in osgi.identity
    Object version = plugin.containsKey("version") ? plugin.get("version") : identity.get("version");
    String text;
    try {
      text = Version.parseVersion((String) version).toString();
    } catch (ClassCastException | IllegalArgumentException e) {
      throw invalid(where(index) + " (plugin " + id + ") has no version, or one that is not a version: " + version);
    }
    if (text.equals(Version.emptyVersion.toString())) {
      throw invalid(where(index) + " (plugin " + id + ") has no version");
    }
    Map<String, Object> content = first(capabilities, "osgi.content")
        .orElseThrow(() -> invalid(where(index) + " (plugin " + id + ") has no osgi.content capability")).attributes();
    String sha256 = string(content, "osgi.content", "osgi.content", index);
    if (!SHA256.matcher(sha256).matches()) {
      throw invalid(where(index) + " (plugin " + id + ") has an osgi.content that is not a SHA-256 in hex");
    }
    if (!(content.get("size") instanceof Long size) || size < 0) {
      throw invalid(where(index) + " (plugin " + id + ") has no osgi.content size of type Long");
    }
    URI url = jarUrl(base, string(content, "url", "osgi.content", index), id, index);
    List<Map<String, String>> permissions = new ArrayList<>();
    for (Capability capability : capabilities) {
      if (capability.namespace().equals("tyrum.permission")) {
        Map<String, Object> attributes = capability.attributes();
        permissions.add(Map.of(
            "class", String.valueOf(attributes.getOrDefault("tyrum.permission", "")),
            "target", String.valueOf(attributes.getOrDefault("target", "")),
            "reason", String.valueOf(attributes.getOrDefault("reason", ""))));
      }
    }
    String name = plugin.get("name") instanceof String n && !n.isBlank() ? n : bundle;
    String description = plugin.get("description") instanceof String d ? d : "";
    return new CatalogEntry(id, text, name, description, bundle, sha256.toLowerCase(Locale.ROOT), size, url, origin,
        capabilities, permissions, Optional.empty());
  }

  private static URI jarUrl(URI base, String text, String id, int index) {
    URI url;
    try {
      url = base.resolve(new URI(text));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw invalid(where(index) + " (plugin " + id + ") has an osgi.content url that is not a URL: " + text);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    // An index read over the network never makes the gateway read one of its own files.
    boolean remote = !"file".equalsIgnoreCase(base.getScheme());
    if (!JAR_SCHEMES.contains(scheme) || remote && scheme.equals("file")) {
      throw invalid(where(index) + " (plugin " + id + ") has an osgi.content url the gateway does not fetch: " + url
          + (remote ? " (an index served over http(s) may only name http(s) jars)" : ""));
    }
    return url;
  }

  private static Revocation revocation(Capability capability, int index) {
    Map<String, Object> attributes = capability.attributes();
    String plugin = string(attributes, "plugin", REVOCATION, index);
    String version = string(attributes, "version", REVOCATION, index);
    try {
      version = Version.parseVersion(version).toString();
    } catch (IllegalArgumentException e) {
      throw invalid(where(index) + " revokes the version " + version + " of " + plugin + ", which is not a version");
    }
    String reason = attributes.get("reason") instanceof String r && !r.isBlank() ? r : "revoked by the catalog";
    return new Revocation(plugin, version, reason);
  }

  private static String string(Map<String, Object> attributes, String name, String namespace, int index) {
    if (!(attributes.get(name) instanceof String value) || value.isBlank()) {
      throw invalid(where(index) + ", capability " + namespace + ", has no attribute " + name);
    }
    return value;
  }

  private static Optional<Capability> first(List<Capability> capabilities, String namespace) {
    return capabilities.stream().filter(c -> c.namespace().equals(namespace)).findFirst();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> children = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && name.equals(element.getLocalName()) && NAMESPACE.equals(element.getNamespaceURI())) {
        children.add(element);
      }
    }
    return children;
  }

  private static String where(int index) {
    return "resource " + index;
  }

  private static CatalogException invalid(String message) {
    return new CatalogException("catalog_invalid", 502, message, List.of());
  }
}
