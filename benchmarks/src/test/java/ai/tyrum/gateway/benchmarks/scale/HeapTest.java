package ai.tyrum.gateway.benchmarks.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeapTest {

  @Test
  void readsTheG1HeapAndLeavesMetaspaceOut() {
    String info = """
        6118:
         garbage-first heap   total 98304K, used 18685K [0x0000000687400000, 0x0000000800000000)
          region size 4096K, 0 young (0K), 0 survivors (0K)
         Metaspace       used 33306K, committed 33984K, reserved 1114112K
          class space    used 3729K, committed 4032K, reserved 1048576K
        """;

    assertThat(Heap.used(info)).isEqualTo(18685L * 1024);
  }

  @Test
  void addsTheGenerationsOfAGenerationalCollector() {
    String info = """
         def new generation   total 4928K, used 1000K [0x00000000f0a00000, 0x00000000f0f50000, 0x00000000f5ea0000)
          eden space 4416K,  22% used [0x00000000f0a00000, 0x00000000f0afa000, 0x00000000f0e50000)
         tenured generation   total 10944K, used 2000K [0x00000000f5ea0000, 0x00000000f6950000, 0x0000000100000000)
         Metaspace       used 700K, committed 4480K, reserved 1056768K
        """;

    assertThat(Heap.used(info)).isEqualTo(3000L * 1024);
  }

  @Test
  void saysWhatItCouldNotRead() {
    assertThatThrownBy(() -> Heap.used(" ZHeap           used 100M, capacity 200M, max capacity 1000M\n"))
        .hasMessageContaining("ZHeap");
  }
}
