package ai.tyrum.gateway.core.extender;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.core.manifest.BundlePluginSource;
import ai.tyrum.gateway.core.manifest.JarPluginSource;
import ai.tyrum.gateway.core.manifest.ManifestException;
import ai.tyrum.gateway.core.manifest.ManifestValidator;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.manifest.PluginSource;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.spi.PluginInspector;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Validates plugin manifests, of installed bundles and of jar bytes alike, against the API this gateway
 * provides (read from the gateway.api bundle's own {@code tyrum.gateway} capability). Jar bytes first pass
 * the jar-level checks of {@code JarPluginSource} (DESIGN section 5: one manifest, central directory and
 * local entries agreeing, safe entry names, bounded inflation); both then pass the same manifest checks.
 */
@Component(service = {PluginInspection.class, PluginInspector.class})
public final class PluginInspection implements PluginInspector {

  private final Schemas schemas;
  private final ManifestValidator validator;

  /**
   * Checks against the API of the gateway.api bundle this one is wired to, and against the packages the
   * framework's run set exports at the time of each check.
   */
  @Activate
  public PluginInspection(BundleContext context) {
    schemas = new Schemas();
    validator = new ManifestValidator(schemas, apiCapability(), new RunSetExports(context));
  }

  private static Map<String, Object> apiCapability() {
    Bundle api = FrameworkUtil.getBundle(Tool.class);
    return api.adapt(BundleRevision.class).getDeclaredCapabilities("tyrum.gateway").stream()
        .map(c -> c.getAttributes())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("gateway.api provides no tyrum.gateway capability"));
  }

  /** The schema compiler shared by every check and call. */
  public Schemas schemas() {
    return schemas;
  }

  /** The plugin id a bundle declares, valid or not; empty when it declares none. */
  public static String declaredId(PluginSource source) {
    return source.capabilities("tyrum.plugin").stream()
        .map(c -> String.valueOf(c.getOrDefault("tyrum.plugin", "")))
        .findFirst()
        .orElse("");
  }

  /** Validates an installed bundle; empty when it is not a plugin at all. */
  public Optional<ValidatedPlugin> validate(Bundle bundle) {
    PluginSource source = new BundlePluginSource(bundle);
    if (!ManifestValidator.isPlugin(source)) {
      return Optional.empty();
    }
    return Optional.of(validator.validate(source));
  }

  /** Validates jar bytes that are not installed. */
  public ValidatedPlugin validate(byte[] jar) {
    JarPluginSource source = JarPluginSource.read(jar);
    return validator.validate(source);
  }

  @Override
  public Map<String, Object> inspect(byte[] jar) {
    try {
      return validate(jar).manifest().toJson();
    } catch (ManifestException e) {
      throw new PluginRefusedException(e.reason(), e.details());
    }
  }
}
