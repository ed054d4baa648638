package ai.tyrum.gateway.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.api.EgressRequest;
import ai.tyrum.gateway.api.EgressResponse;
import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.lib.egress.EgressEndpoints;
import ai.tyrum.gateway.lib.testing.ComponentConfig;
import ai.tyrum.gateway.lib.testing.LocalServer;
import ai.tyrum.gateway.spi.EgressClass;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class EgressServiceTest {

  private final HostPlugins plugins = new HostPlugins();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private EgressTransport transport = transport(Map.of());

  @AfterEach
  void close() throws Exception {
    release.countDown();
    for (AutoCloseable c : closing) {
      c.close();
    }
    transport.deactivate();
  }

  private EgressTransport transport(Map<String, ?> limits) {
    return new EgressTransport(ComponentConfig.of(EgressLimits.class, limits));
  }

  private LocalServer server(LocalServer server) {
    closing.add(server);
    return server;
  }

  /** The Egress that plugin {@code id} gets, declaring {@code declared} and granted {@code granted}. */
  private EgressService egress(String id, List<String> declared, List<String> granted) {
    return new EgressService(HostPlugins.usedBy(plugins.load(id, declared, granted)), plugins.grants(), transport);
  }

  private EgressService egressGranted(String id, String... targets) {
    List<String> permissions = Arrays.stream(targets).map(t -> "network.egress:" + t).toList();
    return egress(id, permissions, permissions);
  }

  private static String code(Throwable failure) {
    return ((PluginException) failure).code();
  }

  @Test
  void grantedEndpointIsReachedAndItsResponseReturned() {
    LocalServer server = server(LocalServer.answering(200, "{\"ok\":true}"));
    EgressService egress = egressGranted("weather", server.endpoint());

    EgressResponse response = egress.send(EgressRequest.get(server.url("/v1?city=Oslo")).header("Accept", "application/json"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text()).isEqualTo("{\"ok\":true}");
    assertThat(response.uri().toString()).isEqualTo(server.url("/v1?city=Oslo"));
    assertThat(server.received()).extracting(LocalServer.Received::path).containsExactly("/v1?city=Oslo");
    assertThat(plugins.denied()).isEmpty();
  }

  @Test
  void hostTheManifestDoesNotDeclareIsRefusedAsNotDeclared() {
    LocalServer granted = server(LocalServer.answering(200, "granted"));
    LocalServer other = server(LocalServer.answering(200, "other"));
    EgressService egress = egressGranted("weather", granted.endpoint());

    assertThatThrownBy(() -> egress.send(EgressRequest.get(other.url("/"))))
        .isInstanceOf(PluginException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo("permission_denied"))
        .hasMessageContaining(other.endpoint());

    assertThat(other.received()).isEmpty();
    assertThat(plugins.denied()).singleElement().satisfies(event -> {
      assertThat(event.get("permission")).isEqualTo("network.egress");
      assertThat(event.get("target")).isEqualTo(other.endpoint());
      assertThat(event.get("reason")).isEqualTo("not_declared");
      assertThat(event).doesNotContainKey("tool_call");
    });
  }

  @Test
  void declaredEndpointWithoutGrantIsRefusedAsNotGrantedUntilGranted() {
    LocalServer server = server(LocalServer.answering(200, "ok"));
    String permission = "network.egress:" + server.endpoint();
    EgressService egress = egress("weather", List.of(permission), List.of());

    assertThatThrownBy(() -> egress.send(EgressRequest.get(server.url("/"))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("permission_denied"));
    assertThat(plugins.denied()).singleElement().satisfies(event -> assertThat(event.get("reason")).isEqualTo("not_granted"));
    assertThat(server.received()).isEmpty();

    plugins.grant("weather", List.of(permission));

    assertThat(egress.send(EgressRequest.get(server.url("/"))).text()).isEqualTo("ok");
  }

  @Test
  void redirectToAPortNoGrantCoversIsRefusedBeforeItIsFollowed() {
    LocalServer target = server(LocalServer.answering(200, "secret"));
    LocalServer redirecting = server(LocalServer.redirectingTo(target.url("/admin")));
    EgressService egress = egressGranted("weather", redirecting.endpoint());

    assertThatThrownBy(() -> egress.send(EgressRequest.get(redirecting.url("/"))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("permission_denied"))
        .hasMessageContaining("redirected");

    assertThat(redirecting.received()).hasSize(1);
    assertThat(target.received()).isEmpty();
    assertThat(plugins.denied()).singleElement().satisfies(event -> {
      assertThat(event.get("target")).isEqualTo(target.endpoint());
      assertThat(event.get("reason")).isEqualTo("outside_grant");
    });
  }

  @Test
  void redirectToAGrantedEndpointIsFollowedAndDropsCredentialsWhenTheOriginChanges() {
    LocalServer target = server(LocalServer.answering(200, "moved here"));
    LocalServer redirecting = server(LocalServer.redirectingTo(target.url("/new")));
    EgressService egress = egressGranted("weather", redirecting.endpoint(), target.endpoint());

    EgressResponse response = egress.send(EgressRequest.get(redirecting.url("/old")).header("Authorization", "Bearer k"));

    assertThat(response.text()).isEqualTo("moved here");
    assertThat(response.uri().toString()).isEqualTo(target.url("/new"));
    assertThat(redirecting.received()).extracting(LocalServer.Received::authorization).containsExactly("Bearer k");
    assertThat(target.received()).extracting(LocalServer.Received::authorization).containsExactly("");
  }

  @Test
  void redirectLoopEndsAsTooManyRedirectsAfterTheConfiguredNumber() {
    int[] port = new int[1];
    LocalServer loop = server(LocalServer.start(exchange -> {
      exchange.getResponseHeaders().add("location", "http://127.0.0.1:" + port[0] + "/again");
      exchange.sendResponseHeaders(307, -1);
    }));
    port[0] = loop.port();
    EgressService egress = egressGranted("weather", loop.endpoint());

    assertThatThrownBy(() -> egress.send(EgressRequest.get(loop.url("/"))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("too_many_redirects"));

    assertThat(loop.received()).hasSize(6);
    assertThat(plugins.denied()).isEmpty();
  }

  @Test
  void grantedNameThatResolvesToLoopbackIsRefusedAndNeverConnected() {
    LocalServer server = server(LocalServer.answering(200, "internal"));
    EgressService egress = egressGranted("weather", "localhost:" + server.port());

    assertThatThrownBy(() -> egress.send(EgressRequest.get("http://localhost:" + server.port() + "/")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("permission_denied"))
        .hasMessageContaining("loopback");

    assertThat(server.received()).isEmpty();
    assertThat(plugins.denied()).singleElement().satisfies(event -> {
      assertThat(event.get("reason")).isEqualTo("outside_grant");
      assertThat((String) event.get("target")).endsWith(":" + server.port()).doesNotStartWith("localhost");
    });
  }

  @Test
  void grantNamingTheLoopbackAddressItselfReachesIt() {
    LocalServer server = server(LocalServer.answering(200, "internal"));
    EgressService egress = egressGranted("weather", server.endpoint());

    assertThat(egress.send(EgressRequest.get(server.url("/"))).text()).isEqualTo("internal");
  }

  @Test
  void internalAddressesAreTheListedKinds() throws IOException {
    for (String internal : List.of("127.0.0.1", "::1", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "fe80::1", "224.0.0.1", "ff02::1", "fd00::1", "fc00::1", "::ffff:127.0.0.1")) {
      assertThat(InternalAddresses.kind(java.net.InetAddress.getByName(internal))).as(internal).isPresent();
    }
    for (String external : List.of("192.0.2.10", "8.8.8.8", "2001:db8::1", "172.32.0.1")) {
      assertThat(InternalAddresses.kind(java.net.InetAddress.getByName(external))).as(external).isEmpty();
    }
  }

  @Test
  void bodyAtTheCapIsReadAndOneByteMoreIsResponseTooLarge() {
    transport = transport(Map.of("max_response_bytes", 1000));
    LocalServer exact = server(LocalServer.answering(200, "x".repeat(1000)));
    LocalServer over = server(LocalServer.answering(200, "x".repeat(1001)));
    EgressService egress = egressGranted("weather", exact.endpoint(), over.endpoint());

    assertThat(egress.send(EgressRequest.get(exact.url("/"))).body()).hasSize(1000);
    assertThatThrownBy(() -> egress.send(EgressRequest.get(over.url("/"))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("response_too_large"));
  }

  @Test
  void chunkedBodyWithoutLengthIsCutOffPastTheCap() {
    transport = transport(Map.of("max_response_bytes", 64 * 1024));
    LocalServer endless = server(LocalServer.start(exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked: no length announced
      byte[] chunk = new byte[8192];
      OutputStream out = exchange.getResponseBody();
      try {
        for (int i = 0; i < 10_000; i++) {
          out.write(chunk);
        }
      } catch (IOException e) {
        // the client went away once it had enough: what this test expects
      }
    }));
    EgressService egress = egressGranted("weather", endless.endpoint());

    assertThatThrownBy(() -> egress.send(EgressRequest.get(endless.url("/"))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("response_too_large"))
        .hasMessageContaining("max.response.bytes");
  }

  @Test
  void serverThatDoesNotAnswerInTimeIsEgressTimeout() {
    transport = transport(Map.of("timeout_ms", 200L));
    LocalServer slow = server(LocalServer.start(exchange -> {
      try {
        release.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LocalServer.respond(exchange, 200, "late".getBytes(StandardCharsets.UTF_8));
    }));
    EgressService egress = egressGranted("weather", slow.endpoint());

    assertThatThrownBy(() -> egress.send(EgressRequest.get(slow.url("/"))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("egress_timeout"));
  }

  @Test
  void headerTheGatewaySetsItselfIsInvalidRequestAndNothingIsSent() {
    LocalServer server = server(LocalServer.answering(200, "ok"));
    EgressService egress = egressGranted("weather", server.endpoint());

    for (String header : List.of("Host", "Connection", "Content-Length", "Transfer-Encoding", "Upgrade")) {
      assertThatThrownBy(() -> egress.send(EgressRequest.get(server.url("/")).header(header, "x")))
          .as(header)
          .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_request"))
          .hasMessageContaining(header.toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(server.received()).isEmpty();
    assertThat(plugins.denied()).isEmpty();
  }

  @Test
  void uriThatIsNotHttpIsInvalidRequest() {
    EgressService egress = egressGranted("weather", "127.0.0.1:21");

    assertThatThrownBy(() -> egress.send(EgressRequest.get("ftp://127.0.0.1:21/file")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_request"));
    assertThatThrownBy(() -> egress.send(EgressRequest.get("http://user:pw@127.0.0.1:21/")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_request"))
        .hasMessageContaining("authorization header");
  }

  @Test
  void egressClassReachesWhatThePolicyDefinesForTheAgent() {
    LocalServer server = server(LocalServer.answering(200, "forecast"));
    EgressService egress = egressGranted("weather", "class:weather-api");

    assertThatThrownBy(() -> egress.send(EgressRequest.get(server.url("/"))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("permission_denied"));

    egress.bindPolicy(policyDefining("weather-api", server.endpoint()));

    assertThat(egress.send(EgressRequest.get(server.url("/"))).text()).isEqualTo("forecast");
  }

  @Test
  void callerThatIsNoPluginIsRefused() {
    EgressService egress = new EgressService(HostPlugins.usedBy(plugins.stranger()), plugins.grants(), transport);

    assertThatThrownBy(() -> egress.send(EgressRequest.get("http://127.0.0.1:9/")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("permission_denied"));
    assertThat(plugins.denied()).singleElement().satisfies(event -> assertThat(event.get("reason")).isEqualTo("not_a_plugin"));
  }

  @Test
  void unreachableEndpointIsEgressFailed() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    EgressService egress = egressGranted("weather", "127.0.0.1:" + closedPort);

    assertThatThrownBy(() -> egress.send(EgressRequest.get("http://127.0.0.1:" + closedPort + "/")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("egress_failed"));
  }

  private static ToolPolicy policyDefining(String name, String endpoint) {
    return new ToolPolicy() {
      @Override
      public PolicyDecision decide(ToolDescriptor tool, String agent) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<PolicyDecision> replay(ToolDescriptor tool, String agent, String snapshotId) {
        return Optional.empty();
      }

      @Override
      public String snapshotId() {
        return "0".repeat(64);
      }

      @Override
      public Optional<EgressClass> egressClass(String className, String agent) {
        return className.equals(name)
            ? Optional.of(new EgressClass(name, List.of(EgressEndpoints.parse(endpoint)), snapshotId()))
            : Optional.empty();
      }
    };
  }
}
