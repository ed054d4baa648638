package ai.tyrum.gateway.core.extender;

/** Whether the extender has read every bundle present when it started: the gateway serves only after. */
public interface PluginScan {

  /** True once every bundle present at the extender's start has been read, until it stops. */
  boolean scanned();
}
