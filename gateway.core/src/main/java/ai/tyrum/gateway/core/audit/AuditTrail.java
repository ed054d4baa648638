package ai.tyrum.gateway.core.audit;

import ai.tyrum.gateway.core.data.GatewayHome;
import ai.tyrum.gateway.spi.AuditException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The gateway's audit log ({@code <data>/audit/audit.log}) as a service; see {@link AuditLog}. */
@Component(service = AuditTrail.class)
public final class AuditTrail {

  @Reference GatewayHome home;

  private volatile AuditLog log;

  public AuditTrail() {}

  /** A trail over a log opened elsewhere (tests, tools); it closes the log on {@link #deactivate}. */
  public AuditTrail(AuditLog log) {
    this.log = log;
  }

  /** Framework property naming the {@link AuditLog.Sync} mode; the launcher sets it from {@code --audit-sync}. */
  public static final String SYNC_PROPERTY = "tyrum.audit.sync";

  @Activate
  void activate(BundleContext context) throws IOException {
    String configured = context.getProperty(SYNC_PROPERTY);
    AuditLog.Sync sync = configured == null ? AuditLog.Sync.interval : AuditLog.Sync.parse(configured);
    log = AuditLog.open(home.dir("audit"), sync);
  }

  /** When records reach the disk, as {@code gateway:status} and {@code /status} show it. */
  public AuditLog.Sync sync() {
    return log.sync();
  }

  @Deactivate
  void deactivate() {
    log.close();
  }

  /**
   * Appends a record and returns it once written (and, in {@code always} mode, forced to disk).
   *
   * @throws IllegalArgumentException if the type is not dotted snake_case or the payload is not JSON
   * @throws AuditException if the record could not be written or forced
   */
  public AuditRecord append(String type, Map<String, ?> payload) {
    return log.append(type, payload);
  }

  /** The last {@code n} records, oldest first. */
  public List<AuditRecord> tail(int n) {
    return log.tail(n);
  }

  /** Checks the whole chain. */
  public VerifyReport verify() {
    return log.verify();
  }

  /** Appended records after {@code seq}, oldest first, from the last {@value AuditLog#RECENT} in memory. */
  public List<AuditRecord> after(long seq, int limit) {
    return log.after(seq, limit);
  }
}
