/**
 * The Tyrum plugin API: the only package a plugin imports.
 *
 * <p>A plugin declares what it adds with the bundle annotations of this package ({@link Plugin},
 * {@link ProvideTool}, {@link ProvideCommand}, {@link ProvideRoute}, {@link ProvideMcpServer},
 * {@link RequestPermission}); bnd turns them into the capabilities the gateway reads without loading
 * a plugin class. At run time the plugin registers DS services of {@link Tool}, {@link SlashCommand}
 * and {@link RpcRoute}, each carrying the name of the contribution it implements.
 */
@Export
@Version("1.0.0")
package ai.tyrum.gateway.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
