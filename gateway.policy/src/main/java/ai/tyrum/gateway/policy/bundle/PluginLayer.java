package ai.tyrum.gateway.policy.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One file's {@code plugins:} section as written: absent keys stay absent, so that the merge and the
 * checks across files can tell "not said" from "said". {@code allowSources} keeps file order, so that a
 * fault can name an entry's JSON pointer.
 *
 * @param present whether the file has a {@code plugins:} key at all (an agent file may not)
 * @param approvals per operation ({@code install}, {@code upgrade}, {@code enable}) the count the file sets
 */
public record PluginLayer(
    boolean present,
    Optional<Boolean> localInstalls,
    Optional<Boolean> deployPreapproved,
    Optional<List<String>> allowSources,
    Map<String, Integer> approvals) {

  /** The operations whose approvals policy can require. */
  public static final List<String> OPERATIONS = List.of("install", "upgrade", "enable");

  public static final PluginLayer EMPTY = new PluginLayer(false, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

  public PluginLayer {
    allowSources = allowSources.map(List::copyOf);
    approvals = Collections.unmodifiableMap(new LinkedHashMap<>(approvals));
  }
}
