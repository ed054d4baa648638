package ai.tyrum.gateway.core.report;

import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Every plugin the gateway knows, as {@code GET /plugins}, {@code plugin:list}, status and the support
 * export report it: the registry's bundles overlaid with the lockfile, then the lockfile's entries that
 * have no bundle in the framework (see {@link PluginReport}).
 */
@Component(service = PluginReports.class)
public final class PluginReports {

  private final Plugins registry;

  // Optional: the marketplace provides it, and a gateway without the marketplace reports its bundles alone.
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile PluginLock lock;

  @Activate
  public PluginReports(@Reference Plugins registry) {
    this.registry = registry;
  }

  /** Every plugin: the bundles in bundle id order, then the entries without a bundle in plugin id order. */
  public List<PluginReport> reports() {
    return overlay(registry.plugins(), lockfile().orElse(List.of()));
  }

  /** The plugin {@code id}: its bundle (the loaded one when several claim it) or its lockfile entry. */
  public Optional<PluginReport> report(String id) {
    Optional<LockEntry> entry = Optional.ofNullable(lock).flatMap(current -> current.entry(id));
    Optional<PluginRecord> bundle = registry.plugin(id);
    return bundle.isPresent() || entry.isPresent() ? Optional.of(new PluginReport(bundle, entry)) : Optional.empty();
  }

  /** The lockfile's entries, ordered by plugin id; empty when the marketplace is not running. */
  public Optional<List<LockEntry>> lockfile() {
    return Optional.ofNullable(lock).map(PluginLock::entries);
  }

  static List<PluginReport> overlay(List<PluginRecord> bundles, List<LockEntry> entries) {
    Map<String, LockEntry> byId = entries.stream().collect(Collectors.toMap(LockEntry::id, Function.identity(), (a, b) -> a));
    List<PluginReport> reports = new ArrayList<>();
    Set<String> withBundle = new HashSet<>();
    for (PluginRecord bundle : bundles) {
      reports.add(PluginReport.of(bundle, Optional.ofNullable(byId.get(bundle.id()))));
      withBundle.add(bundle.id());
    }
    entries.stream()
        .filter(entry -> !withBundle.contains(entry.id()))
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .forEach(entry -> reports.add(PluginReport.of(entry)));
    return reports;
  }
}
