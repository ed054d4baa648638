package ai.tyrum.gateway.spi;

import org.osgi.annotation.versioning.ProviderType;

/** Decides which plugin tools an agent sees (DESIGN section 4, step 1). */
@ProviderType
public interface ToolPolicy {

  /** Whether {@code tool} is exposed to {@code agent}, and the reason code either way. */
  Exposure exposure(ToolDescriptor tool, String agent);
}
