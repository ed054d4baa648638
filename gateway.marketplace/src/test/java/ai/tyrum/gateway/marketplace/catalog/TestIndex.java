package ai.tyrum.gateway.marketplace.catalog;

import java.util.ArrayList;
import java.util.List;

/** Repository index XML, as bnd's indexer writes it, for the catalogs the tests make. */
final class TestIndex {

  private final List<String> resources = new ArrayList<>();

  /** A plugin resource: identity, content, the tyrum.plugin capability and one permission. */
  TestIndex plugin(String id, String version, String sha256, long size, String url) {
    resources.add("""
          <resource>
            <capability namespace="osgi.identity">
              <attribute name="osgi.identity" value="ai.tyrum.plugin.%1$s"/>
              <attribute name="type" value="osgi.bundle"/>
              <attribute name="version" value="%2$s" type="Version"/>
            </capability>
            <capability namespace="osgi.content">
              <attribute name="size" value="%4$d" type="Long"/>
              <attribute name="url" value="%5$s"/>
              <attribute name="osgi.content" value="%3$s"/>
            </capability>
            <capability namespace="tyrum.plugin">
              <attribute name="tyrum.plugin" value="%1$s"/>
              <attribute name="name" value="Plugin %1$s"/>
              <attribute name="description" value="The %1$s example."/>
            </capability>
            <capability namespace="tyrum.route">
              <attribute name="plugin" value="%1$s"/>
              <attribute name="methods" value="GET, POST" type="List&lt;String&gt;"/>
              <attribute name="tyrum.route" value="ping"/>
            </capability>
            <capability namespace="tyrum.permission">
              <attribute name="plugin" value="%1$s"/>
              <attribute name="tyrum.permission" value="network.egress"/>
              <attribute name="target" value="api.example.com:443"/>
              <attribute name="reason" value="reads the weather"/>
            </capability>
          </resource>
        """.formatted(id, version, sha256, size, url));
    return this;
  }

  TestIndex plugin(String id, String version) {
    return plugin(id, version, "ab".repeat(32), 10, "plugins/" + id + "-" + version + ".jar");
  }

  TestIndex revocation(String id, String version, String reason) {
    resources.add("""
          <resource>
            <capability namespace="tyrum.revocation">
              <attribute name="plugin" value="%s"/>
              <attribute name="version" value="%s" type="Version"/>
              <attribute name="reason" value="%s"/>
            </capability>
          </resource>
        """.formatted(id, version, reason));
    return this;
  }

  TestIndex raw(String resource) {
    resources.add(resource);
    return this;
  }

  @Override
  public String toString() {
    return "<?xml version='1.0' encoding='UTF-8'?>\n"
        + "<repository xmlns=\"http://www.osgi.org/xmlns/repository/v1.0.0\" name=\"test\" increment=\"1\">\n"
        + String.join("", resources)
        + "</repository>\n";
  }

  byte[] bytes() {
    return toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
