/**
 * Service interfaces between the gateway's own bundles (core, policy, marketplace). Never for plugins:
 * the gateway refuses a plugin that imports this package.
 */
@Export
@Version("1.3.0")
package ai.tyrum.gateway.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
