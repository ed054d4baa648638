package ai.tyrum.gateway.benchmarks.scale;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one size measured.
 *
 * @param size the generated plugins, installed with the {@value #EXAMPLES} bundled examples
 * @param outside the gateway that installed them, measured over HTTP
 * @param gatewayFirst the gateway started on a copy of the template without its framework cache
 * @param gatewaySecond the same copy started again, cache reused
 * @param bareFresh bare Felix with the same bundles, on a fresh data dir
 * @param bareReused bare Felix again on that dir, cache reused
 * @param floorFresh bare Felix that then does what no gateway start can skip ({@code BareFelix --floor}), fresh
 * @param floorReused the same again on that dir
 */
record ScaleFigures(int size, Outside outside, Starts gatewayFirst, Starts gatewaySecond, Starts bareFresh,
    Starts bareReused, Starts floorFresh, Starts floorReused, InProcessMeasures.Figures inProcess) {

  /** The example plugins of the bundled catalog (echo, notes, weather, everything), installed with every size. */
  static final int EXAMPLES = 4;

  int plugins() {
    return size + EXAMPLES;
  }

  /**
   * @param installMillis process start to ready of the first start that installed every plugin; empty when
   *     the template of an earlier invocation was reused
   */
  record Outside(OptionalLong installMillis, GatewayHttp.ToolList tools, GatewayHttp.CallPath callPath, long heapBytes,
      long stopMillis) {}

  /** Counted starts of one kind: process start to ready line, heap after a full GC, SIGTERM to exit. */
  record Starts(List<Long> readyMillis, List<Long> heapBytes, List<Long> stopMillis) {
    Starts {
      readyMillis = List.copyOf(readyMillis);
      heapBytes = List.copyOf(heapBytes);
      stopMillis = List.copyOf(stopMillis);
    }
  }
}
