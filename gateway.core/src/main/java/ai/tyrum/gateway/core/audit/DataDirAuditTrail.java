package ai.tyrum.gateway.core.audit;

import ai.tyrum.gateway.spi.DataDirectory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** The audit trail of the data dir: {@code <data>/audit/audit.log}, open while this component is active. */
@Component(service = AuditTrail.class, configurationPid = AuditSettings.PID)
@Designate(ocd = AuditSettings.class)
public final class DataDirAuditTrail implements AuditTrail {

  /** Framework property naming the {@link AuditLog.Sync} mode; the launcher sets it from {@code --audit-sync}. */
  public static final String SYNC_PROPERTY = "tyrum.audit.sync";

  private final AuditLog log;

  @Activate
  public DataDirAuditTrail(
      @Reference DataDirectory data, AuditSettings settings, Map<String, Object> properties, BundleContext context)
      throws IOException {
    log = AuditLog.open(
        data.dir("audit"), sync(settings, properties, Optional.ofNullable(context.getProperty(SYNC_PROPERTY))));
  }

  /**
   * The sync mode: the configuration's when ConfigAdmin supplied one (it then carries a
   * {@code service.pid}, DS section 112.6), else the framework property's, else the default.
   *
   * @throws IllegalArgumentException for a mode that is neither {@code always} nor {@code interval}
   */
  static AuditLog.Sync sync(AuditSettings settings, Map<String, ?> properties, Optional<String> frameworkProperty) {
    if (!properties.containsKey(Constants.SERVICE_PID) && frameworkProperty.isPresent()) {
      return AuditLog.Sync.parse(frameworkProperty.get());
    }
    return AuditLog.Sync.parse(settings.sync());
  }

  @Deactivate
  public void deactivate() {
    log.close();
  }

  @Override
  public AuditRecord append(String type, Map<String, ?> payload) {
    return log.append(type, payload);
  }

  @Override
  public List<AuditRecord> tail(int n) {
    return log.tail(n);
  }

  @Override
  public VerifyReport verify(boolean full) {
    return log.verify(full);
  }

  @Override
  public List<AuditRecord> after(long seq, int limit) {
    return log.after(seq, limit);
  }

  @Override
  public long oldestKept() {
    return log.oldestKept();
  }

  @Override
  public AuditLog.Sync sync() {
    return log.sync();
  }
}
