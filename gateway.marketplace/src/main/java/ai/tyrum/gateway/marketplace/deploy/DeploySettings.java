package ai.tyrum.gateway.marketplace.deploy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the deploy folder ({@code <data>/deploy}) is watched, configuration PID {@value #PID}. */
@ObjectClassDefinition(
    name = "Tyrum deploy folder",
    description = "How jars dropped into <data>/deploy are noticed and when they are read.")
public @interface DeploySettings {

  String PID = "tyrum.deploy";

  @AttributeDefinition(
      name = "Settle time (ms)",
      description = "How long a jar's size, modification time, owner and mode must stay unchanged before"
          + " it is judged and read; a jar still being written is looked at again later.",
      min = "1")
  long settle_ms() default 150;

  @AttributeDefinition(
      name = "Rescan interval (ms)",
      description = "How often the folder is listed again when the file system reported no change"
          + " (some file systems, such as network mounts, report none).",
      min = "1")
  long rescan_ms() default 2_000;
}
