package ai.tyrum.gateway.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The workers' context class loader: the plugin's while they run its calls, their own once they park. */
class WorkersTest {

  private final Workers workers = new Workers();
  private final BlockingQueue<ClassLoader> seen = new LinkedBlockingQueue<>();

  @AfterEach
  void tearDown() {
    workers.shutdown();
  }

  private static ClassLoader pluginLoader() {
    return new URLClassLoader(new URL[0], null);
  }

  /** Runs a call of the plugin whose loader is {@code plugin} and returns the context loader it ran with. */
  private ClassLoader callOf(ClassLoader plugin) throws InterruptedException {
    workers.execute(() -> {
      Workers.useContextLoader(plugin);
      seen.add(Thread.currentThread().getContextClassLoader());
    });
    return answer();
  }

  private ClassLoader answer() throws InterruptedException {
    ClassLoader loader = seen.poll(10, TimeUnit.SECONDS);
    assertThat(loader).as("the worker answered").isNotNull();
    return loader;
  }

  private void awaitParked() throws InterruptedException {
    for (int i = 0; i < 1000 && workers.parked() == 0; i++) {
      Thread.sleep(10);
    }
    assertThat(workers.parked()).isEqualTo(1);
  }

  @Test
  void eachCallRunsWithItsPluginsLoaderWhicheverPluginTheWorkerRanBefore() throws Exception {
    ClassLoader first = pluginLoader();
    ClassLoader second = pluginLoader();
    assertThat(callOf(first)).isSameAs(first);
    assertThat(callOf(second)).isSameAs(second);
    assertThat(callOf(first)).isSameAs(first);
  }

  @Test
  void aParkedWorkerHoldsNoPluginsLoader() throws Exception {
    assertThat(callOf(pluginLoader())).isNotSameAs(Workers.class.getClassLoader());
    awaitParked();
    workers.execute(() -> seen.add(Thread.currentThread().getContextClassLoader()));
    assertThat(answer()).isSameAs(Workers.class.getClassLoader());
  }

  @Test
  void onlyAWorkerTakesAPluginsLoader() {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    assertThatThrownBy(() -> Workers.useContextLoader(pluginLoader()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a tool worker");
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
  }
}
