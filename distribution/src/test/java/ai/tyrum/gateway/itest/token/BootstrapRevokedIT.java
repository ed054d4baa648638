package ai.tyrum.gateway.itest.token;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.GatewayHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The bootstrap token can be revoked; the operator is warned while no active token may administer the gateway. */
class BootstrapRevokedIT {

  @Test
  void revokingTheBootstrapTokenWarnsAndTheConsoleCanStillCreateAnAdministratorToken() {
    try (GatewayFramework gateway = GatewayFramework.builder().start()) {
      String bootstrap = gateway.token();

      String revoked = gateway.shell().run("token:revoke bootstrap").assertSucceeded().console();

      assertThat(revoked).contains("token bootstrap revoked").contains("warning: no active token holds operator.admin");
      assertThat(gateway.http().withToken(bootstrap).get("/tokens").assertStatus(401).errorCode()).isEqualTo("token_revoked");

      String[] created = gateway.shell().run("token:create --scope operator.admin --name ops-admin").assertSucceeded()
          .console().strip().split("\n");
      GatewayHttp admin = gateway.http().withToken(created[1].strip());
      JsonNode listed = admin.get("/tokens").assertStatus(200).json();
      assertThat(listed.toString()).contains("\"id\":\"bootstrap\"").contains("\"state\":\"revoked\"");

      String id = created[0].split(" ")[1];
      JsonNode selfRevoked = admin.delete("/tokens/" + id).assertStatus(200).json();
      assertThat(selfRevoked.path("state").asString()).isEqualTo("revoked");
      assertThat(selfRevoked.path("warning").asString()).contains("token:create");
    }
  }
}
