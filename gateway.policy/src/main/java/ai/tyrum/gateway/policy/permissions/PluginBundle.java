package ai.tyrum.gateway.policy.permissions;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the permission table needs to know of one installed plugin bundle, read from its manifest and entries
 * without loading a class of it.
 *
 * @param location the location it was installed under, which its rows are keyed on
 * @param pluginId the plugin id its manifest declares ({@code tyrum.plugin}); empty when it declares none
 * @param imports the packages of its {@code Import-Package}
 * @param requires the namespaces of its {@code Require-Capability}
 * @param provides the namespaces of its {@code Provide-Capability}
 * @param classes the names of its own classes, such as {@code ai.tyrum.plugin.notes.NoteBook}
 * @param requested its {@code tyrum.permission} requests, each {@code class:target}
 */
public record PluginBundle(
    String location,
    String pluginId,
    Set<String> imports,
    Set<String> requires,
    Set<String> provides,
    Set<String> classes,
    List<String> requested) {

  public PluginBundle {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(pluginId, "pluginId");
    imports = Set.copyOf(imports);
    requires = Set.copyOf(requires);
    provides = Set.copyOf(provides);
    classes = Set.copyOf(classes);
    requested = List.copyOf(requested);
  }
}
