package ai.tyrum.gateway.core.extender;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComponentFailuresTest {

  @Test
  void namesTheRootCauseOfAWrappedExceptionWithoutTheStackTrace() {
    String failure = """
        java.lang.reflect.InvocationTargetException
        \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
        \tat org.apache.felix.scr.impl.inject.internal.ComponentConstructorImpl.newInstance(ComponentConstructorImpl.java:326)
        Caused by: java.lang.IllegalStateException: no database configured
        \tat ai.tyrum.fixture.Tool.<init>(Tool.java:12)
        \t... 40 more
        """;
    assertThat(ComponentFailures.firstLine(failure)).isEqualTo("java.lang.IllegalStateException: no database configured");
  }

  @Test
  void namesTheExceptionOfAnActivateMethodThatThrewDirectly() {
    assertThat(ComponentFailures.firstLine("java.lang.RuntimeException: boom\n\tat a.b.C.activate(C.java:1)\n"))
        .isEqualTo("java.lang.RuntimeException: boom");
  }

  @Test
  void saysSoWhenScrGaveNoText() {
    assertThat(ComponentFailures.firstLine(null)).isEqualTo("no reason given");
    assertThat(ComponentFailures.firstLine(" ")).isEqualTo("no reason given");
  }
}
