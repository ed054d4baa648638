/**
 * The circuit breaker: a plugin whose tool calls keep overrunning their budgets or deadlines is disabled
 * until an operator enables it again.
 */
package ai.tyrum.gateway.core.breaker;
