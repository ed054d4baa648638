package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.marketplace.install.Pipeline;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:verify}: every installed plugin against the lockfile and the store, a verdict each. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "verify")
public final class PluginVerifyCommand extends ShellCommand {

  private final Pipeline pipeline;

  @Activate
  public PluginVerifyCommand(@Reference Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Descriptor("checks every installed plugin against the lockfile and the store: the bytes the framework holds, the stored jar and the digest recorded must agree")
  public String verify(@Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    List<Map<String, Object>> verdicts = pipeline.verify();
    String printed;
    if (json) {
      printed = Json.PRETTY.writeValueAsString(Map.of("plugins", verdicts));
    } else {
      ShellTable table = new ShellTable("ID", "VERSION", "VERDICT", "DETAILS");
      verdicts.forEach(v -> table.row(v.get("id"), v.get("version"), v.get("verdict"), String.join("; ", detailsOf(v))));
      printed = table.toString();
    }
    List<String> bad = verdicts.stream().filter(v -> !"ok".equals(v.get("verdict"))).map(v -> v.get("id") + ": " + v.get("verdict")).toList();
    if (!bad.isEmpty() && !json) {
      throw new CommandError("verification_failed", bad.size() + " plugin(s) failed verification", List.of(printed));
    }
    return printed;
  }

  @SuppressWarnings("unchecked")
  private static List<String> detailsOf(Map<String, Object> verdict) {
    return (List<String>) verdict.getOrDefault("details", List.of());
  }
}
