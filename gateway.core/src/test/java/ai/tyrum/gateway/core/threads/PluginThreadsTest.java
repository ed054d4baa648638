package ai.tyrum.gateway.core.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which threads are a plugin's: its context class loader, or its code on the stack. */
class PluginThreadsTest {

  private final List<Thread> started = new ArrayList<>();

  @AfterEach
  void stopThreads() throws InterruptedException {
    for (Thread thread : started) {
      thread.interrupt();
      thread.join(10_000);
    }
  }

  /** Parks until interrupted; loaded by a {@link PluginLoader} it is the plugin's code. */
  public static final class Looper implements Runnable {
    @Override
    public void run() {
      while (!Thread.currentThread().isInterrupted()) {
        LockSupport.parkNanos(1_000_000);
      }
    }
  }

  /** A bundle's class loader in miniature: it defines {@link Looper} itself, and delegates the rest. */
  private static final class PluginLoader extends ClassLoader {
    PluginLoader() {
      super(PluginThreadsTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(Looper.class.getName())) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return loaded;
      }
    }
  }

  private Thread start(Runnable body, ClassLoader context) throws InterruptedException {
    Thread thread = new Thread(body);
    thread.setContextClassLoader(context);
    thread.setDaemon(true);
    thread.start();
    started.add(thread);
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      Thread.sleep(1); // until it runs its loop
    }
    return thread;
  }

  @Test
  void threadWithThePluginsContextClassLoaderIsThePlugins() throws Exception {
    PluginLoader plugin = new PluginLoader();
    Thread inherited = start(() -> new Looper().run(), plugin);

    assertThat(PluginThreads.of(plugin, Thread.getAllStackTraces(), Set.of())).containsExactly(inherited);
  }

  @Test
  void threadRunningAClassOfThePluginIsThePluginsWhateverItsContextClassLoader() throws Exception {
    PluginLoader plugin = new PluginLoader();
    Runnable pluginCode = (Runnable) plugin.loadClass(Looper.class.getName()).getConstructor().newInstance();
    Thread startedInActivate = start(pluginCode, getClass().getClassLoader());

    assertThat(PluginThreads.of(plugin, Thread.getAllStackTraces(), Set.of())).containsExactly(startedInActivate);
  }

  @Test
  void otherThreadsAndExemptOnesAreNot() throws Exception {
    PluginLoader plugin = new PluginLoader();
    Runnable gatewayCode = () -> {
      while (!Thread.currentThread().isInterrupted()) {
        LockSupport.parkNanos(1_000_000);
      }
    };
    start(gatewayCode, getClass().getClassLoader());
    Thread exempt = start(gatewayCode, plugin);

    assertThat(PluginThreads.of(plugin, Thread.getAllStackTraces(), Set.of(exempt))).isEmpty();
    assertThat(PluginThreads.of(new PluginLoader(), Thread.getAllStackTraces(), Set.of())).isEmpty();
  }
}
