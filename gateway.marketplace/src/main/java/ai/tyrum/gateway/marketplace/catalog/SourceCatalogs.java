package ai.tyrum.gateway.marketplace.catalog;

import ai.tyrum.gateway.lib.catalog.CatalogKeys;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.PluginOrigin;
import ai.tyrum.gateway.spi.PluginPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The catalogs of {@code marketplace/sources.json}, each verified against the keys trusted for it in
 * {@code marketplace/keys/} (DESIGN section 5). On the first start the bundled catalog of the distribution
 * ({@code <tyrum.home>/catalog/}) becomes the one source, and its public key the one trusted key.
 *
 * <p>A source that cannot be read, is unsigned, is signed by a key it does not trust or does not parse is
 * left out, and recorded as a {@value #EVENT} event once for each distinct failure, unless policy names it
 * in {@code plugins.allow_sources} (then an unsigned or untrusted source is used, and its entries carry
 * an empty key id).
 */
@Component(service = Catalogs.class)
public final class SourceCatalogs implements Catalogs {

  static final String EVENT = "marketplace.catalog";
  static final String BUNDLED = "bundled";
  /** Failures policy can waive by naming the source; an unreadable or malformed catalog stays unusable. */
  private static final Set<String> WAIVABLE = Set.of("catalog_unsigned", "signature_invalid", "untrusted_key");
  private static final long SIGNATURE_LIMIT = 4096;

  /**
   * Framework properties: where the distribution is, and the bounds of reading a source.
   *
   * @param home the distribution folder ({@code tyrum.home}), which holds {@code catalog/}
   * @param catalogLimit the largest catalog read, in bytes ({@code tyrum.marketplace.catalog.max.bytes})
   * @param timeout connect and read time-out of an http(s) source ({@code tyrum.marketplace.fetch.timeout.ms})
   */
  record Settings(Optional<Path> home, long catalogLimit, Duration timeout) {
    static final long CATALOG_LIMIT = 8L * 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static Settings from(Function<String, String> property) {
      return new Settings(
          Optional.ofNullable(property.apply("tyrum.home")).filter(h -> !h.isBlank()).map(Path::of),
          number(property.apply("tyrum.marketplace.catalog.max.bytes"), CATALOG_LIMIT),
          Duration.ofMillis(number(property.apply("tyrum.marketplace.fetch.timeout.ms"), TIMEOUT.toMillis())));
    }

    private static long number(String value, long otherwise) {
      try {
        return value == null ? otherwise : Math.max(1, Long.parseLong(value.strip()));
      } catch (NumberFormatException e) {
        return otherwise;
      }
    }
  }

  private final DataDirectory data;
  private final GatewayEvents events;
  private final PluginPolicy policy;
  private final Settings settings;
  private final Path folder;
  private final SignatureCheck signatures;
  private final Download download;
  /** The failure last recorded for each source, so that a failure is recorded once until it changes. */
  private final Map<String, String> recorded = new ConcurrentHashMap<>();
  private volatile List<CatalogEntry> entries;
  /** The sources the last refresh refused, by name, so that "no catalog offers it" can say why. */
  private volatile Map<String, CatalogException> refused = Map.of();

  @Activate
  public SourceCatalogs(
      @Reference DataDirectory data, @Reference GatewayEvents events, @Reference PluginPolicy policy, BundleContext context) {
    this(data, events, policy, Settings.from(context::getProperty));
  }

  SourceCatalogs(DataDirectory data, GatewayEvents events, PluginPolicy policy, Settings settings) {
    this.data = data;
    this.events = events;
    this.policy = policy;
    this.settings = settings;
    this.folder = data.dir("marketplace");
    this.signatures = new SignatureCheck(folder.resolve("keys"));
    this.download = new Download(settings.timeout());
    seedBundledSource();
  }

  /**
   * Keeps the source named {@value #BUNDLED} on the distribution this gateway runs from: a data dir without
   * {@code sources.json} gets it as its one source, and an existing {@code bundled} source follows the
   * distribution's catalog and the keys shipped with it (a rebuilt distribution is signed with a new build
   * key). The distribution is trusted as much as the gateway's own bundles, which come from the same folder.
   * Other sources are never touched; an operator who wants no bundled catalog removes its entry.
   */
  private void seedBundledSource() {
    Path sources = folder.resolve(CatalogSource.FILE);
    Optional<Path> catalog = settings.home().map(home -> home.resolve("catalog"));
    if (catalog.isEmpty() || !Files.isRegularFile(catalog.get().resolve("index.xml"))) {
      return;
    }
    try {
      List<CatalogSource> existing = Files.exists(sources) ? CatalogSource.parse(Files.readAllBytes(sources)) : List.of();
      if (Files.exists(sources) && existing.stream().noneMatch(source -> source.name().equals(BUNDLED))) {
        return;
      }
      Path keys = Files.createDirectories(folder.resolve("keys"),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      List<String> ids = new ArrayList<>();
      Path bundledKeys = catalog.get().resolve("keys");
      if (Files.isDirectory(bundledKeys)) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(bundledKeys, "*.pub")) {
          for (Path file : files) {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String id = CatalogKeys.keyId(CatalogKeys.readPublicKey(pem));
            if (!Files.exists(keys.resolve(id + ".pub"))) {
              data.writeAtomically(keys.resolve(id + ".pub"), pem.getBytes(StandardCharsets.US_ASCII));
            }
            ids.add(id);
          }
        }
      }
      URI index = catalog.get().resolve("index.xml").toUri();
      CatalogSource bundled = new CatalogSource(BUNDLED, index, URI.create(index + ".sig"), ids.stream().sorted().toList());
      List<CatalogSource> next = new ArrayList<>();
      if (existing.isEmpty()) {
        next.add(bundled);
      } else {
        existing.forEach(source -> next.add(source.name().equals(BUNDLED) ? bundled : source));
      }
      if (!next.equals(existing)) {
        data.writeAtomically(sources, Json.PRETTY.writeValueAsBytes(Map.of("sources", next.stream().map(CatalogSource::toJson).toList())));
      }
    } catch (CatalogException e) {
      // a sources.json that does not parse is reported by every refresh; it is not rewritten
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up marketplace/" + CatalogSource.FILE + " with the bundled catalog: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void refresh() {
    List<CatalogEntry> offered = new ArrayList<>();
    List<Revocation> revocations = new ArrayList<>();
    Map<String, CatalogException> refusedNow = new LinkedHashMap<>();
    for (CatalogSource source : sources()) {
      try {
        RepositoryIndex.Parsed parsed = load(source);
        offered.addAll(parsed.entries());
        revocations.addAll(parsed.revocations());
      } catch (CatalogException e) {
        refusedNow.put(source.name(), e);
      }
    }
    refused = Map.copyOf(refusedNow);
    entries = revoke(offered, revocations);
  }

  private List<CatalogSource> sources() {
    Path file = folder.resolve(CatalogSource.FILE);
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      List<CatalogSource> sources = CatalogSource.parse(Files.readAllBytes(file));
      recorded.remove("");
      return sources;
    } catch (IOException e) {
      record("", "", new CatalogException("sources_invalid", 500, "marketplace/" + CatalogSource.FILE + " cannot be read: " + e.getMessage(), List.of()), "refused");
    } catch (CatalogException e) {
      record("", "", e, "refused");
    }
    return List.of();
  }

  /** The offer of one source; a refusal is recorded, then thrown. */
  private RepositoryIndex.Parsed load(CatalogSource source) {
    try {
      byte[] index = read(source, source.url(), settings.catalogLimit(), "catalog")
          .orElseThrow(() -> new CatalogException("catalog_unreadable", 502,
              "catalog " + source.name() + " is not there: nothing at " + source.url(), List.of(source.url().toString())));
      Optional<byte[]> signature = read(source, source.signature(), SIGNATURE_LIMIT, "signature");
      String keyId;
      try {
        keyId = signatures.signer(source, index, signature);
      } catch (CatalogException e) {
        if (!WAIVABLE.contains(e.code()) || !policy.rules().allowedSources().contains(source.name())) {
          throw e;
        }
        record(source.name(), source.url().toString(), e, "allowed_by_policy");
        keyId = "";
      }
      RepositoryIndex.Parsed parsed = RepositoryIndex.parse(index, source.url(),
          new PluginOrigin(PluginOrigin.CATALOG, source.url().toString(), keyId));
      if (!keyId.isEmpty()) {
        recorded.remove(source.name());
      }
      return parsed;
    } catch (CatalogException e) {
      record(source.name(), source.url().toString(), e, "refused");
      throw e;
    }
  }

  private Optional<byte[]> read(CatalogSource source, URI url, long limit, String what) {
    try {
      return download.read(url, limit);
    } catch (Download.TooLarge e) {
      throw new CatalogException("catalog_too_large", 502, "the " + what + " of catalog " + source.name()
          + " is larger than " + limit + " bytes, the most the gateway reads", List.of(url.toString()));
    } catch (IOException e) {
      throw new CatalogException("catalog_unreadable", 502, "the " + what + " of catalog " + source.name()
          + " cannot be read: " + e.getMessage(), List.of(url.toString()));
    }
  }

  /** Records {@code failure} of {@code source} unless it is the failure recorded last for it. */
  private void record(String source, String url, CatalogException failure, String outcome) {
    String key = outcome + " " + failure.code() + " " + failure.getMessage();
    if (key.equals(recorded.put(source, key))) {
      return;
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("source", source);
    payload.put("url", url);
    payload.put("outcome", outcome);
    payload.put("reason", failure.code());
    payload.put("message", failure.getMessage());
    payload.put("details", failure.details());
    events.record(EVENT, payload);
  }

  /**
   * Marks the revoked versions; a revocation of a version no catalog offers still yields an entry, so that
   * an installed copy of it is found revoked.
   */
  private static List<CatalogEntry> revoke(List<CatalogEntry> offered, List<Revocation> revocations) {
    Map<String, CatalogEntry> byVersion = new LinkedHashMap<>();
    for (CatalogEntry entry : offered) {
      byVersion.putIfAbsent(entry.id() + "@" + entry.version(), entry); // the first source that offers it wins
    }
    for (Revocation revocation : revocations) {
      String key = revocation.plugin() + "@" + revocation.version();
      CatalogEntry entry = byVersion.get(key);
      if (entry == null) {
        byVersion.put(key, new CatalogEntry(revocation.plugin(), revocation.version(), revocation.plugin(), "", "", "", 0,
            URI.create("about:revoked"), new PluginOrigin(PluginOrigin.CATALOG, "", ""), List.of(), List.of(),
            Optional.of(revocation.reason())));
      } else if (entry.revoked().isEmpty()) {
        byVersion.put(key, new CatalogEntry(entry.id(), entry.version(), entry.name(), entry.description(), entry.bundle(),
            entry.sha256(), entry.size(), entry.url(), entry.origin(), entry.capabilities(), entry.permissions(),
            Optional.of(revocation.reason())));
      }
    }
    return byVersion.values().stream()
        .sorted(Comparator.comparing(CatalogEntry::id).thenComparing(SourceCatalogs::version, Comparator.reverseOrder()))
        .toList();
  }

  private static Version version(CatalogEntry entry) {
    return Version.parseVersion(entry.version());
  }

  @Override
  public List<CatalogEntry> entries() {
    List<CatalogEntry> current = entries;
    if (current == null) {
      refresh();
      current = entries;
    }
    return current;
  }

  @Override
  public List<CatalogEntry> search(String text) {
    String needle = text.toLowerCase(Locale.ROOT);
    Map<String, CatalogEntry> newest = new LinkedHashMap<>();
    for (CatalogEntry entry : entries()) {
      if (entry.revoked().isEmpty() && !newest.containsKey(entry.id())
          && (contains(entry.id(), needle) || contains(entry.name(), needle) || contains(entry.description(), needle))) {
        newest.put(entry.id(), entry);
      }
    }
    return List.copyOf(newest.values());
  }

  private static boolean contains(String field, String needle) {
    return field.toLowerCase(Locale.ROOT).contains(needle);
  }

  @Override
  public List<CatalogEntry> versions(String id) {
    return entries().stream().filter(entry -> entry.id().equals(id)).toList();
  }

  @Override
  public CatalogEntry find(String id, Optional<String> version) {
    List<CatalogEntry> versions = versions(id);
    if (versions.isEmpty()) {
      Map<String, CatalogException> refusals = refused;
      if (refusals.isEmpty()) {
        throw new CatalogException("unknown_plugin", 404, "no trusted catalog offers a plugin " + id,
            List.of("plugin:search lists what the trusted catalogs offer; a jar of your own installs with plugin:install FILE.jar"));
      }
      List<String> details = new ArrayList<>();
      refusals.forEach((name, why) -> details.add("catalog " + name + " is refused: " + why.code() + ": " + why.getMessage()));
      details.add("fix the catalog or its keys in marketplace/sources.json, then plugin:search reads the sources again");
      throw new CatalogException("unknown_plugin", 404, "no trusted catalog offers a plugin " + id + ", and "
          + refusals.size() + " catalog(s) were refused: " + String.join(", ", refusals.keySet()), details);
    }
    List<String> offered = versions.stream().map(CatalogEntry::version).toList();
    if (version.isEmpty()) {
      return versions.stream().filter(entry -> entry.revoked().isEmpty()).findFirst()
          .orElseThrow(() -> new CatalogException("unknown_version", 404,
              "every version of " + id + " that the catalogs offer is revoked", offered));
    }
    Version wanted;
    try {
      wanted = Version.parseVersion(version.get().strip());
    } catch (IllegalArgumentException e) {
      throw new CatalogException("unknown_version", 404, version.get() + " is not a version of " + id, offered);
    }
    return versions.stream().filter(entry -> version(entry).equals(wanted)).findFirst()
        .orElseThrow(() -> new CatalogException("unknown_version", 404,
            "no trusted catalog offers version " + version.get() + " of " + id, offered));
  }

  @Override
  public byte[] fetch(CatalogEntry entry) {
    Objects.requireNonNull(entry, "entry");
    if (entry.revoked().isPresent()) {
      throw new CatalogException("plugin_revoked", 409, entry.id() + " " + entry.version() + " is revoked: " + entry.revoked().get(),
          List.of());
    }
    try {
      return download.read(entry.url(), entry.size()).orElseThrow(() -> new CatalogException("fetch_failed", 502,
          "the jar of " + entry.id() + " " + entry.version() + " is not there: nothing at " + entry.url(), List.of(entry.url().toString())));
    } catch (Download.TooLarge e) {
      throw new CatalogException("size_mismatch", 422, "the jar of " + entry.id() + " " + entry.version()
          + " is larger than the " + entry.size() + " bytes its catalog states", List.of(entry.url().toString()));
    } catch (IOException e) {
      throw new CatalogException("fetch_failed", 502, "the jar of " + entry.id() + " " + entry.version()
          + " cannot be read: " + e.getMessage(), List.of(entry.url().toString()));
    }
  }
}
