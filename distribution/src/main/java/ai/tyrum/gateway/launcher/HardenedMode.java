package ai.tyrum.gateway.launcher;

import java.security.AllPermission;
import java.security.CodeSource;
import java.security.Permission;
import java.security.PermissionCollection;
import java.security.Permissions;
import java.security.Policy;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.SecurityActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.condpermadmin.BundleLocationCondition;
import org.osgi.service.condpermadmin.ConditionInfo;
import org.osgi.service.condpermadmin.ConditionalPermissionAdmin;
import org.osgi.service.condpermadmin.ConditionalPermissionInfo;
import org.osgi.service.condpermadmin.ConditionalPermissionUpdate;
import org.osgi.service.permissionadmin.PermissionInfo;

/**
 * Hardened mode (DESIGN section 6): Felix installs a SecurityManager ({@code org.osgi.framework.security=osgi})
 * and the Felix security provider ({@code org.apache.felix.framework.security}, a framework extension whose
 * jar sits in {@code lib/} next to the framework) gives each bundle the permissions of the Conditional
 * Permission Admin table. gateway.policy keeps that table in step with plugins and grants; the launcher only
 * starts it fail closed.
 *
 * <p>The provider's jar is on the launcher's class path rather than installed as the extension bundle it is:
 * installing an extension makes Felix append the jar to the application class loader, which on Java 9+
 * needs {@code --add-opens java.base/jdk.internal.loader}. On the class path, its activator is handed to the
 * framework as a system bundle activator ({@code felix.systembundle.activators}), which is what Felix does
 * with an installed extension's {@code Felix-Activator}, and the system bundle exports the two packages the
 * extension would have exported.
 */
final class HardenedMode {
  /** The row of the run set: the gateway's own bundles hold AllPermission. */
  static final String RUN_SET_ROW = "tyrum.run-set";
  /** The last row: whatever no row before allowed is denied. */
  static final String DENY_ROW = "tyrum.deny";
  private static final String RUN_SET_LOCATIONS = RunBundles.LOCATION_PREFIX + "*";
  private static final String EXPORTS = "org.osgi.service.condpermadmin;version=\"1.1.2\","
      + "org.osgi.service.permissionadmin;version=\"1.2.1\"";

  private HardenedMode() {
  }

  /** The framework properties and system bundle activators that turn hardened mode on. */
  static void configure(Map<String, String> properties, Map<String, Object> objects) {
    Policy.setPolicy(new LauncherPolicy());
    properties.put(org.osgi.framework.Constants.FRAMEWORK_SECURITY, org.osgi.framework.Constants.FRAMEWORK_SECURITY_OSGI);
    String extra = properties.get(org.osgi.framework.Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA);
    properties.put(org.osgi.framework.Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
        extra == null || extra.isBlank() ? EXPORTS : extra + "," + EXPORTS);
    objects.put("felix.systembundle.activators", List.of(new SecurityActivator()));
  }

  /**
   * Starts the table fail closed, between {@code init()} and the first bundle's start: the run set holds
   * AllPermission, every other bundle nothing, until gateway.policy writes each plugin's rows. (An empty
   * table would give every bundle AllPermission.)
   */
  static void startClosed(BundleContext system) throws LaunchException {
    ServiceReference<ConditionalPermissionAdmin> reference = system.getServiceReference(ConditionalPermissionAdmin.class);
    if (reference == null) {
      throw new LaunchException("hardened mode: the Felix security provider registered no Conditional Permission"
          + " Admin; lib/ must hold org.apache.felix.framework.security");
    }
    ConditionalPermissionAdmin admin = system.getService(reference);
    try {
      ConditionalPermissionUpdate update = admin.newConditionalPermissionUpdate();
      List<ConditionalPermissionInfo> rows = update.getConditionalPermissionInfos();
      rows.clear();
      rows.add(admin.newConditionalPermissionInfo(RUN_SET_ROW,
          new ConditionInfo[] {new ConditionInfo(BundleLocationCondition.class.getName(), new String[] {RUN_SET_LOCATIONS})},
          new PermissionInfo[] {new PermissionInfo(AllPermission.class.getName(), null, null)},
          ConditionalPermissionInfo.ALLOW));
      rows.add(admin.newConditionalPermissionInfo(DENY_ROW, new ConditionInfo[0],
          new PermissionInfo[] {new PermissionInfo(AllPermission.class.getName(), null, null)},
          ConditionalPermissionInfo.DENY));
      if (!update.commit()) {
        throw new LaunchException("hardened mode: the permission table changed while the launcher wrote it");
      }
    } finally {
      system.ungetService(reference);
    }
  }

  /**
   * The JVM policy: AllPermission for the launcher, the framework and whatever else is on the class path;
   * nothing of its own for a bundle, whose permissions the framework's table decides alone.
   */
  private static final class LauncherPolicy extends Policy {
    private static final String BUNDLE_DOMAIN = "org.apache.felix.framework.BundleProtectionDomain";

    @Override
    public boolean implies(ProtectionDomain domain, Permission permission) {
      return !BUNDLE_DOMAIN.equals(domain.getClass().getName());
    }

    @Override
    public PermissionCollection getPermissions(ProtectionDomain domain) {
      return BUNDLE_DOMAIN.equals(domain.getClass().getName()) ? new Permissions() : getPermissions(domain.getCodeSource());
    }

    @Override
    public PermissionCollection getPermissions(CodeSource codesource) {
      Permissions all = new Permissions();
      all.add(new AllPermission());
      return all;
    }
  }
}
