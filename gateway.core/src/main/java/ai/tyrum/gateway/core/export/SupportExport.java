package ai.tyrum.gateway.core.export;

import ai.tyrum.gateway.core.audit.AuditRecord;
import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.core.status.GatewayStatus;
import ai.tyrum.gateway.lib.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The support export (DESIGN section 8): one zip an operator can hand to someone else, with every
 * plugin's id, version, source and state, the status (policy snapshot, configs with every sensitive
 * value masked), and the audit chain's verdict and tail. Audit records never carry payloads of calls
 * or config values, so nothing secret is in it.
 */
@Component(service = SupportExport.class)
public final class SupportExport {

  static final int AUDIT_TAIL = 500;

  private final Plugins registry;
  private final GatewayStatus status;
  private final AuditTrail audit;

  @Activate
  public SupportExport(@Reference Plugins registry, @Reference GatewayStatus status, @Reference AuditTrail audit) {
    this.registry = registry;
    this.status = status;
    this.audit = audit;
  }

  /** The export as zip bytes. */
  public byte[] zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      Map<String, Object> about = new LinkedHashMap<>();
      about.put("format", "tyrum.support-export.v1");
      about.put("created", Instant.now().toString());
      put(zip, "export.json", Json.bytes(about));
      put(zip, "status.json", Json.bytes(status.report()));
      put(zip, "plugins.json", Json.bytes(Map.of("plugins", registry.plugins().stream().map(SupportExport::plugin).toList())));
      put(zip, "audit/verify.json", Json.bytes(audit.verify(true).toJson()));
      StringBuilder tail = new StringBuilder();
      for (AuditRecord record : audit.tail(AUDIT_TAIL)) {
        tail.append(Json.string(record.toJson())).append('\n');
      }
      put(zip, "audit/tail.jsonl", tail.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Map<String, Object> plugin(PluginRecord record) {
    Map<String, Object> json = record.toDetail();
    // a plugin installed through the verified pipeline names its jar's hash in its location
    int hash = record.location().indexOf("#sha256=");
    json.put("integrity_sha256", hash < 0 ? "" : record.location().substring(hash + 8));
    return json;
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  /** The entries an export holds, for people reading the command's output. */
  public static List<String> entries() {
    return List.of("export.json", "status.json", "plugins.json", "audit/verify.json", "audit/tail.jsonl");
  }
}
