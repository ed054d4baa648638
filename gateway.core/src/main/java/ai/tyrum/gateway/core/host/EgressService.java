package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.api.Egress;
import ai.tyrum.gateway.api.EgressRequest;
import ai.tyrum.gateway.api.EgressResponse;
import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.core.host.PluginGrants.Refusal;
import ai.tyrum.gateway.core.invoke.ActiveCall;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.lib.egress.EgressEndpoints;
import ai.tyrum.gateway.lib.egress.EgressTarget;
import ai.tyrum.gateway.lib.egress.InvalidEgressException;
import ai.tyrum.gateway.spi.AgentId;
import ai.tyrum.gateway.spi.EgressClass;
import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.Permission;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.AccessController;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * {@link Egress} for one plugin (the bundle that got this instance). Every request, and every redirect
 * before it is followed, must name an endpoint that a {@code network.egress} target the plugin declares
 * and holds a grant of covers: a {@code host:port}, or {@code class:<name>} as the policy in force defines
 * that egress class for the call's agent. A granted DNS name must not resolve to an internal address
 * ({@link InternalAddresses}) that no grant names literally. Each refusal is recorded as
 * {@code plugin.permission.denied} and thrown as {@code permission_denied}.
 */
@Component(scope = ServiceScope.BUNDLE, service = Egress.class)
public final class EgressService implements Egress {

  /**
   * Headers that the client derives from the exchange itself, or that change how the request is framed,
   * upgraded or routed: a plugin naming one is refused rather than silently overridden.
   */
  static final Set<String> RESTRICTED_HEADERS = Set.of(
      "host", "connection", "content-length", "transfer-encoding", "te", "trailer", "upgrade", "expect",
      "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "http2-settings");
  /** Headers that carry a credential meant for one origin: a redirect to another origin drops them. */
  static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie");

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final Bundle caller;
  private final PluginGrants grants;
  private final EgressTransport transport;
  private volatile ToolPolicy policy;

  @Activate
  public EgressService(ComponentContext context, @Reference PluginGrants grants, @Reference EgressTransport transport) {
    this.caller = context.getUsingBundle();
    this.grants = grants;
    this.transport = transport;
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
  void bindPolicy(ToolPolicy policy) {
    this.policy = policy;
  }

  void unbindPolicy(ToolPolicy policy) {
    // a greedy replacement is bound before the old one is unbound: forget only the one that leaves
    if (this.policy == policy) {
      this.policy = null;
    }
  }

  @Override
  public EgressResponse send(EgressRequest request) {
    PluginRecord plugin = grants.require(caller, Permission.NETWORK_EGRESS, request.uri().toString());
    String agent = ActiveCall.currentOf(plugin.id()).map(ActiveCall::agent).orElse(AgentId.DEFAULT);
    refuseRestrictedHeaders(request.headers());
    URI uri = request.uri();
    String method = request.method();
    Map<String, List<String>> headers = request.headers();
    byte[] body = request.body();
    for (int redirects = 0; ; redirects++) {
      EgressEndpoint endpoint = endpoint(uri, redirects > 0);
      admit(plugin, endpoint, agent, redirects > 0);
      HttpResponse<byte[]> response = transport.exchange(httpRequest(method, uri, headers, body));
      Optional<String> location = response.headers().firstValue("location");
      if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
        return new EgressResponse(response.statusCode(), uri, response.headers().map(), response.body());
      }
      if (redirects == transport.maxRedirects()) {
        throw new PluginException("too_many_redirects", uri + " redirects once more after " + redirects
            + " redirects, the most one request may follow (max.redirects of " + EgressLimits.PID + ")");
      }
      URI next = redirect(uri, location.get());
      if (response.statusCode() == 303 || (response.statusCode() <= 302 && method.equals("POST"))) {
        // what browsers and the JDK's own redirect policy do: the next hop fetches the result
        method = method.equals("HEAD") ? "HEAD" : "GET";
        body = new byte[0];
        headers = without(headers, Set.of("content-type"));
      }
      if (!origin(next).equals(origin(uri))) {
        headers = without(headers, CREDENTIAL_HEADERS);
      }
      uri = next;
    }
  }

  private static void refuseRestrictedHeaders(Map<String, List<String>> headers) {
    for (String name : headers.keySet()) {
      if (RESTRICTED_HEADERS.contains(name)) {
        throw new PluginException("invalid_request", "header " + name + " is set by the gateway from the request"
            + " itself; send the request without it");
      }
    }
  }

  private HttpRequest httpRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    try {
      return transport.request(method, uri, headers, body);
    } catch (IllegalArgumentException e) {
      throw new PluginException("invalid_request", "the request to " + uri + " cannot be sent: " + e.getMessage());
    }
  }

  /** The endpoint {@code uri} reaches: its host and its port, the scheme's when it names none. */
  private static EgressEndpoint endpoint(URI uri, boolean redirected) {
    String how = redirected ? "a response redirected the request to " + uri + ", which" : uri + "";
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid(redirected, how + " is not an absolute http or https URI");
    }
    if (uri.getHost() == null) {
      throw invalid(redirected, how + " names no host a request can reach");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(redirected, how + " carries user information; send credentials in an authorization header");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    try {
      return EgressEndpoints.parse(uri.getHost() + ":" + port);
    } catch (InvalidEgressException e) {
      throw invalid(redirected, how + " names no host:port a grant can cover: " + e.getMessage());
    }
  }

  private static PluginException invalid(boolean redirected, String message) {
    return new PluginException(redirected ? "egress_failed" : "invalid_request", message);
  }

  private static URI redirect(URI from, String location) {
    try {
      return from.resolve(new URI(location));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new PluginException("egress_failed", from + " redirects to " + location + ", which is not a URI");
    }
  }

  /**
   * Lets the request go to {@code endpoint}, or records and throws the refusal: the endpoint is not
   * covered by a usable target, or its name resolves to an internal address no target names.
   */
  private void admit(PluginRecord plugin, EgressEndpoint endpoint, String agent, boolean redirected) {
    List<EgressEndpoint> usable = reach(grants.usable(plugin, Permission.NETWORK_EGRESS), agent);
    if (!EgressEndpoints.covered(endpoint, usable)) {
      if (redirected) {
        throw grants.deny(Optional.of(plugin), caller, Permission.NETWORK_EGRESS, endpoint.toString(), Refusal.outside_grant,
            "a response redirected the request there, and no grant covers it");
      }
      boolean declared = EgressEndpoints.covered(endpoint, reach(PluginGrants.declared(plugin, Permission.NETWORK_EGRESS), agent));
      throw grants.refuse(plugin, caller, Permission.NETWORK_EGRESS, endpoint.toString(), declared);
    }
    for (InetAddress address : resolve(endpoint)) {
      Optional<String> internal = InternalAddresses.kind(address);
      if (internal.isPresent() && !namedLiterally(address, endpoint.port(), usable)) {
        throw grants.deny(Optional.of(plugin), caller, Permission.NETWORK_EGRESS, target(address, endpoint.port()),
            Refusal.outside_grant, endpoint.host() + " resolves to " + address.getHostAddress() + ", a " + internal.get()
                + " address; only a grant naming that address itself reaches it");
      }
    }
  }

  /** The endpoints {@code targets} reach for {@code agent}: an egress class as the policy in force defines it. */
  private List<EgressEndpoint> reach(List<String> targets, String agent) {
    ToolPolicy current = policy;
    List<EgressEndpoint> endpoints = new ArrayList<>();
    for (String text : targets) {
      EgressTarget target;
      try {
        target = EgressTarget.parse(text);
      } catch (InvalidEgressException e) {
        continue; // the manifest check refuses such a target: it reaches nothing
      }
      if (target instanceof EgressTarget.Endpoint e) {
        endpoints.add(e.endpoint());
      } else if (target instanceof EgressTarget.ClassName c && current != null) {
        current.egressClass(c.name(), agent).map(EgressClass::endpoints).ifPresent(endpoints::addAll);
      }
    }
    return endpoints;
  }

  /**
   * Every address the name of {@code endpoint} has now. The client resolves the name again when it
   * connects, right after this check; it gets these same addresses because the JDK keeps a positive
   * answer in its own cache ({@code networkaddress.cache.ttl}: 30 seconds by default, for ever once a
   * security manager is installed), so a DNS server that answers a public address here and an internal
   * one a moment later (DNS rebinding) is not asked twice.
   */
  @SuppressWarnings("removal") // AccessController: the security manager of hardened mode, on JDK 17 to 23
  private static InetAddress[] resolve(EgressEndpoint endpoint) {
    String host = endpoint.host().startsWith("[") ? endpoint.host().substring(1, endpoint.host().length() - 1) : endpoint.host();
    try {
      // for the plugin whose protection domain is on the stack: the gateway's own permission decides
      return AccessController.doPrivileged((PrivilegedExceptionAction<InetAddress[]>) () -> InetAddress.getAllByName(host));
    } catch (PrivilegedActionException e) {
      if (e.getException() instanceof UnknownHostException) {
        throw new PluginException("egress_failed", "the name " + host + " does not resolve");
      }
      throw new PluginException("egress_failed", "cannot resolve " + host + ": " + e.getException().getMessage());
    }
  }

  /** Whether one of {@code usable} is the IP address {@code address} itself, on {@code port}. */
  private static boolean namedLiterally(InetAddress address, int port, List<EgressEndpoint> usable) {
    for (EgressEndpoint endpoint : usable) {
      if (endpoint.port() == port && literal(endpoint).filter(address::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** The address an endpoint names, when its host is an IP address rather than a DNS name or a wildcard. */
  private static Optional<InetAddress> literal(EgressEndpoint endpoint) {
    String host = endpoint.host();
    // a DNS name never ends in a digit (EgressEndpoints refuses an all-numeric last label): this is IPv4
    boolean ipv4 = !endpoint.wildcard() && Character.isDigit(host.charAt(host.length() - 1));
    if (!ipv4 && !host.startsWith("[")) {
      return Optional.empty();
    }
    try {
      // an IP literal is parsed, never looked up
      return Optional.of(InetAddress.getByName(ipv4 ? host : host.substring(1, host.length() - 1)));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static String target(InetAddress address, int port) {
    String host = address.getHostAddress();
    String text = address instanceof java.net.Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
    try {
      return EgressEndpoints.parse(text).toString();
    } catch (InvalidEgressException e) {
      return text; // an IPv6 address with a scope id: shown as the JDK writes it
    }
  }

  private static String origin(URI uri) {
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static Map<String, List<String>> without(Map<String, List<String>> headers, Set<String> names) {
    Map<String, List<String>> kept = new LinkedHashMap<>(headers);
    kept.keySet().removeAll(names);
    return kept;
  }
}
