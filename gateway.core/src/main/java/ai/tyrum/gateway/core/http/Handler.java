package ai.tyrum.gateway.core.http;

import java.io.IOException;

/** Answers one admitted call of a route; refusals are thrown as {@link ai.tyrum.gateway.spi.GatewayException}. */
@FunctionalInterface
interface Handler {

  Reply handle(Call call) throws IOException;
}
