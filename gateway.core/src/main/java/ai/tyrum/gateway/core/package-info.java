/** The gateway core: private implementation packages only. */
package ai.tyrum.gateway.core;
