package ai.tyrum.gateway.core.host;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The limits of what a plugin keeps in its private store and its files, configuration PID {@value #PID}.
 * A change applies from the next use on.
 */
@ObjectClassDefinition(
    name = "Tyrum plugin data",
    description = "Size caps of each plugin's private store and data files.")
public @interface PluginDataLimits {

  String PID = "tyrum.store";

  @AttributeDefinition(
      name = "Value cap (bytes)",
      description = "Largest stored value, as canonical JSON (RFC 8785) in UTF-8; larger is value_too_large.",
      min = "1")
  int max_value_bytes() default 64 * 1024;

  @AttributeDefinition(
      name = "Store quota (bytes)",
      description = "Stored data of one plugin (keys and values in UTF-8); a put past it is store_full.",
      min = "1")
  long max_store_bytes() default 16L * 1024 * 1024;

  @AttributeDefinition(
      name = "File cap (bytes)",
      description = "Largest file a plugin reads or writes through PluginFiles; larger is file_too_large.",
      min = "1")
  int max_file_bytes() default 8 * 1024 * 1024;
}
