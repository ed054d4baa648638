package ai.tyrum.gateway.marketplace.catalog;

/** A plugin version a catalog revokes: a resource with a {@code tyrum.revocation} capability. */
record Revocation(String plugin, String version, String reason) {}
