package ai.tyrum.gateway.core.export;

import ai.tyrum.gateway.core.audit.AuditRecord;
import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.core.report.PluginReport;
import ai.tyrum.gateway.core.report.PluginReports;
import ai.tyrum.gateway.core.secret.SecretInfo;
import ai.tyrum.gateway.core.secret.SecretStore;
import ai.tyrum.gateway.core.status.GatewayStatus;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.LockEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The support export (DESIGN section 8): one zip an operator can hand to someone else, with every
 * plugin's id, version, source, integrity and state, the lockfile, the status (policy snapshot, configs
 * with every sensitive value masked), the names of the operator's secrets, and the audit chain's verdict and tail. Audit
 * records never carry payloads of calls, config values or secret values, so nothing secret is in it.
 */
@Component(service = SupportExport.class)
public final class SupportExport {

  static final int AUDIT_TAIL = 500;

  /** The lockfile's format, as {@code plugins.lock.json} in the export names it. */
  static final String LOCK_FORMAT = "tyrum.plugins.lock.v1";

  private final PluginReports plugins;
  private final GatewayStatus status;
  private final AuditTrail audit;
  private final SecretStore secrets;

  @Activate
  public SupportExport(@Reference PluginReports plugins, @Reference GatewayStatus status, @Reference AuditTrail audit,
      @Reference SecretStore secrets) {
    this.plugins = plugins;
    this.status = status;
    this.audit = audit;
    this.secrets = secrets;
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
      put(zip, "plugins.json", Json.bytes(Map.of("plugins", plugins.reports().stream().map(PluginReport::toDetail).toList())));
      put(zip, "plugins.lock.json", Json.bytes(lockfile()));
      // which secrets are set helps whoever reads the export; their values never leave the data dir
      put(zip, "secrets.json", Json.bytes(Map.of("secrets", secrets.list().stream().map(SecretInfo::toJson).toList())));
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

  /** The lockfile's entries as JSON; {@code available} is false when the marketplace is not running. */
  private Map<String, Object> lockfile() {
    Optional<List<LockEntry>> entries = plugins.lockfile();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", LOCK_FORMAT);
    json.put("available", entries.isPresent());
    json.put("plugins", entries.orElse(List.of()).stream().map(LockEntry::toJson).toList());
    return json;
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  /** The entries an export holds, for people reading the command's output. */
  public static List<String> entries() {
    return List.of("export.json", "status.json", "plugins.json", "plugins.lock.json", "secrets.json", "audit/verify.json", "audit/tail.jsonl");
  }
}
