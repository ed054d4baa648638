package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.spi.InstallRequest;
import ai.tyrum.gateway.spi.PluginInstaller;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The plugin operations of the verified pipeline (DESIGN section 5), which the marketplace's
 * {@link PluginInstaller} runs: {@code POST /plugins/install}, {@code POST /plugins/{id}/upgrade},
 * {@code DELETE /plugins/{id}[?purge=true]}, {@code POST /plugins/{id}/enable|disable|grant|revoke}.
 * Each needs {@code operator.admin} and runs in the name of the token that asks ({@code token:<id>});
 * its answer is the installer's, and its refusals are the installer's codes and statuses.
 */
@Component(service = ApiResource.class)
public final class PluginOperationsResource implements ApiResource {

  static final Set<String> INSTALL_FIELDS = Set.of("id", "version", "file", "sha256", "grants", "approval");
  static final Set<String> UPGRADE_FIELDS = Set.of("version", "grants", "approval");

  /** DESIGN section 3: a plugin id. */
  private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  // Optional: the marketplace provides it, and a gateway without the marketplace still serves the rest.
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  volatile PluginInstaller installer;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/plugins/install", Access.OPERATOR_ADMIN, this::install),
        Route.post("/plugins/{id}/upgrade", Access.OPERATOR_ADMIN, this::upgrade),
        Route.delete("/plugins/{id}", Access.OPERATOR_ADMIN, this::uninstall),
        Route.post("/plugins/{id}/enable", Access.OPERATOR_ADMIN, this::enable),
        Route.post("/plugins/{id}/disable", Access.OPERATOR_ADMIN, this::disable),
        Route.post("/plugins/{id}/grant", Access.OPERATOR_ADMIN, this::grant),
        Route.post("/plugins/{id}/revoke", Access.OPERATOR_ADMIN, this::revoke));
  }

  private Reply install(Call call) throws IOException {
    PluginInstaller current = installer(installer);
    InstallRequest request = installRequest(call.body(INSTALL_FIELDS), call.actor());
    return Reply.ok(current.install(request));
  }

  private Reply upgrade(Call call) throws IOException {
    PluginInstaller current = installer(installer);
    RequestBody body = call.optionalBody(UPGRADE_FIELDS);
    return Reply.ok(current.upgrade(
        call.param("id"), nonEmpty(body, "version"), body.strings("grants"), nonEmpty(body, "approval"), call.actor()));
  }

  private Reply uninstall(Call call) {
    PluginInstaller current = installer(installer);
    return Reply.ok(current.uninstall(call.param("id"), purge(call.query("purge")), call.actor()));
  }

  private Reply enable(Call call) throws IOException {
    PluginInstaller current = installer(installer);
    Optional<String> approval = nonEmpty(call.optionalBody(Set.of("approval")), "approval");
    return Reply.ok(current.enable(call.param("id"), approval, call.actor()));
  }

  private Reply disable(Call call) throws IOException {
    PluginInstaller current = installer(installer);
    call.optionalBody(Set.of()); // takes no fields: one sent by mistake is refused, not ignored
    return Reply.ok(current.disable(call.param("id"), call.actor()));
  }

  private Reply grant(Call call) throws IOException {
    PluginInstaller current = installer(installer);
    return Reply.ok(current.grant(call.param("id"), permissions(call.body(Set.of("permissions"))), call.actor()));
  }

  private Reply revoke(Call call) throws IOException {
    PluginInstaller current = installer(installer);
    return Reply.ok(current.revoke(call.param("id"), permissions(call.body(Set.of("permissions"))), call.actor()));
  }

  /**
   * The installer, or 503 {@code marketplace_unavailable}: checked before the body is read, so that a
   * gateway without the marketplace says so whatever was sent.
   */
  static PluginInstaller installer(PluginInstaller current) {
    if (current == null) {
      throw new ApiError(503, "marketplace_unavailable",
          "the marketplace is not running, so plugins cannot be installed, upgraded, uninstalled, enabled, disabled or granted"
              + " and no catalog can be read; start the gateway.marketplace bundle");
    }
    return current;
  }

  /**
   * What {@code POST /plugins/install} asks for: {@code {"id","version","grants","approval"}} for a
   * catalog plugin, or {@code {"file","sha256","grants","approval"}} for a local jar.
   *
   * @throws ApiError 400 {@code invalid_request} with the pointer of the field at fault
   */
  static InstallRequest installRequest(RequestBody body, String actor) {
    boolean catalog = body.has("id");
    boolean local = body.has("file");
    if (catalog && local) {
      throw invalid("/file", "the body names a catalog plugin (/id) or a local jar (/file), not both");
    }
    if (!catalog && !local) {
      throw invalid("/id", "the body needs /id, the id of a catalog plugin, or /file, the absolute path of a local jar");
    }
    List<String> grants = body.strings("grants");
    Optional<String> approval = nonEmpty(body, "approval");
    InstallRequest request;
    if (catalog) {
      String id = body.requiredString("id");
      if (!PLUGIN_ID.matcher(id).matches()) {
        throw invalid("/id", "/id is not a plugin id: it starts with a lowercase letter and holds up to 63 lowercase letters, digits and '-'");
      }
      if (body.has("sha256")) {
        throw invalid("/sha256", "/sha256 is for a local jar; a catalog plugin's digest comes from its signed catalog");
      }
      request = InstallRequest.catalog(id, nonEmpty(body, "version"), grants, actor);
    } else {
      if (body.has("version")) {
        throw invalid("/version", "/version is for a catalog plugin; a local jar's version is the one its manifest declares");
      }
      Optional<String> sha256 = body.string("sha256");
      if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
        throw invalid("/sha256", "/sha256 must be the jar's SHA-256 as 64 hex digits");
      }
      request = InstallRequest.file(localJar(body.requiredString("file")), sha256.map(hex -> hex.toLowerCase(Locale.ROOT)), grants, actor);
    }
    return approval.map(request::withApproval).orElse(request);
  }

  private static Path localJar(String file) {
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw invalid("/file", "/file is not a path this system can name: " + e.getReason());
    }
    if (!path.isAbsolute()) {
      throw invalid("/file", "/file must be an absolute path, since the gateway's working directory is not the caller's");
    }
    return path.normalize();
  }

  /** The permissions of a grant or a revoke: at least one, each {@code class:target}. */
  static List<String> permissions(RequestBody body) {
    List<String> permissions = body.strings("permissions");
    if (permissions.isEmpty()) {
      throw invalid("/permissions", "the body needs /permissions, a non-empty array of permissions written class:target");
    }
    return permissions;
  }

  /** {@code ?purge=}: {@code true} or {@code false}, false when absent. */
  static boolean purge(Optional<String> value) {
    if (value.isEmpty() || value.get().equals("false")) {
      return false;
    }
    if (value.get().equals("true")) {
      return true;
    }
    throw new ApiError(400, "invalid_request", "purge must be true or false", List.of("purge"));
  }

  /** String field {@code name}; one sent empty is refused rather than read as absent. */
  private static Optional<String> nonEmpty(RequestBody body, String name) {
    Optional<String> value = body.string(name);
    if (value.isPresent() && value.get().isEmpty()) {
      throw invalid("/" + name, "/" + name + " must not be empty; leave it out instead");
    }
    return value;
  }

  private static ApiError invalid(String pointer, String message) {
    return new ApiError(400, "invalid_request", message, List.of(pointer));
  }
}
