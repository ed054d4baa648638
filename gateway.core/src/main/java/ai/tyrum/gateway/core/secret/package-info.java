/**
 * The operator's secrets (DESIGN section 2, one service per kind of state): set, listed by name and
 * deleted by the operator, read by plugins only through the {@code Secrets} host service.
 */
package ai.tyrum.gateway.core.secret;
