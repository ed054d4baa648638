package ai.tyrum.gateway.core.audit;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The audit log's configuration, PID {@value #PID}. Without a configuration the launcher's
 * {@code --audit-sync} (framework property {@value DataDirAuditTrail#SYNC_PROPERTY}) decides, as Felix
 * SCR reads its own settings from framework properties until ConfigAdmin configures it.
 */
@ObjectClassDefinition(
    name = "Tyrum audit log",
    description = "How the audit log (<data>/audit/audit.log) reaches the disk.")
public @interface AuditSettings {

  String PID = "tyrum.audit";

  @AttributeDefinition(
      name = "Sync mode",
      description = "always: an append returns once its record is forced to disk (group commit); "
          + "interval: forced within 10 ms after. A change reopens the log.",
      options = {@Option(label = "always", value = "always"), @Option(label = "interval", value = "interval")})
  String sync() default "interval";
}
