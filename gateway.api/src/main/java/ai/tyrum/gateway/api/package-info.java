/**
 * The Tyrum plugin API: the only package a plugin imports.
 *
 * <p>A plugin declares what it adds with the bundle annotations of this package ({@link Plugin},
 * {@link ProvideTool}, {@link ProvideCommand}, {@link ProvideRoute}, {@link ProvideMcpServer},
 * {@link RequestPermission}); bnd turns them into the capabilities the gateway reads without loading
 * a plugin class. At run time the plugin registers DS services of {@link Tool}, {@link SlashCommand}
 * and {@link RpcRoute}, each carrying the name of the contribution it implements.
 *
 * <p>A plugin reaches the outside only through the host services the gateway hands each plugin, each
 * checking the plugin's declared and granted permissions on every use: {@link Egress},
 * {@link Secrets}, {@link PrivateStore}, {@link PluginFiles} and {@link ToolCaller}.
 */
@Export
// 1.1.0: the host services (Egress, Secrets, PrivateStore, PluginFiles, ToolCaller)
@Version("1.1.0")
package ai.tyrum.gateway.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
