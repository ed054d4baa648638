/**
 * The host services (DESIGN section 3): what the gateway hands each plugin to reach the outside, each a
 * bundle-scoped service that knows the calling plugin and checks its declared and granted permissions on
 * every use, recording each refusal as a {@code plugin.permission.denied} event.
 */
package ai.tyrum.gateway.core.host;
