package ai.tyrum.gateway.core.invoke;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What a thread has spent so far: its CPU time and the bytes it has allocated, as the JVM counts them
 * for each thread ({@link ThreadMXBean#getThreadCpuTime(long)} and HotSpot's
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}). Both are cumulative over the
 * thread's life, so a call's figure is the difference from its start. For the current thread each read
 * is a clock or a counter read, no lookup.
 *
 * <p>The allocation counter is reached through its boot-layer interface by a method handle rather than
 * an {@code Import-Package} of {@code com.sun.management}: the run set's execution environment
 * (JavaSE-17) exports only the Java SE packages, so the resolver would not wire that import, while the
 * JDK class is there on every HotSpot JVM. A JVM without either counter measures nothing of that kind
 * ({@link #cpuMeasured()}, {@link #allocationMeasured()}), and its budget is then not enforced.
 */
final class ThreadMeter {

  private static final System.Logger LOG = System.getLogger(ThreadMeter.class.getName());
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU = cpuCounter();
  /** {@code (long threadId) -> long bytes}, bound to the platform bean; null without the counter. */
  private static final MethodHandle ALLOCATED = allocationCounter("getThreadAllocatedBytes", long.class);
  /** {@code () -> long bytes} of the current thread, which needs no lookup of the thread by id. */
  private static final MethodHandle ALLOCATED_HERE = ALLOCATED == null ? null : allocationCounter("getCurrentThreadAllocatedBytes");

  private ThreadMeter() {}

  static boolean cpuMeasured() {
    return CPU;
  }

  static boolean allocationMeasured() {
    return ALLOCATED != null;
  }

  /** CPU time of thread {@code id} in nanoseconds; -1 when it has ended or is not measured. */
  static long cpuNanos(long id) {
    return CPU ? THREADS.getThreadCpuTime(id) : -1;
  }

  /** CPU time of the current thread in nanoseconds; -1 when not measured. */
  static long cpuNanosHere() {
    return CPU ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  /** Bytes the current thread has allocated; -1 when not measured. */
  static long allocatedBytesHere() {
    if (ALLOCATED_HERE == null) {
      return -1;
    }
    try {
      return (long) ALLOCATED_HERE.invokeExact();
    } catch (Throwable e) {
      throw new IllegalStateException("the allocation counter failed", e); // it declares no exception
    }
  }

  /** Bytes thread {@code id} has allocated; -1 when it has ended or is not measured. */
  static long allocatedBytes(long id) {
    if (ALLOCATED == null) {
      return -1;
    }
    try {
      return (long) ALLOCATED.invokeExact(id);
    } catch (Throwable e) {
      throw new IllegalStateException("the allocation counter failed", e); // it declares no exception
    }
  }

  private static boolean cpuCounter() {
    try {
      if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
        THREADS.setThreadCpuTimeEnabled(true);
      }
      if (THREADS.isThreadCpuTimeSupported()) {
        return true;
      }
    } catch (UnsupportedOperationException | SecurityException e) {
      // not measured, as below
    }
    LOG.log(System.Logger.Level.WARNING, "this JVM does not measure a thread's CPU time: the cpu_ms budget of tool calls is not enforced");
    return false;
  }

  private static MethodHandle allocationCounter(String name, Class<?>... parameters) {
    try {
      Class<?> bean = Class.forName("com.sun.management.ThreadMXBean", false, ClassLoader.getPlatformClassLoader());
      if (bean.isInstance(THREADS)) {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        if (!(boolean) lookup.findVirtual(bean, "isThreadAllocatedMemorySupported", MethodType.methodType(boolean.class)).invoke(THREADS)) {
          throw new UnsupportedOperationException("not supported");
        }
        lookup.findVirtual(bean, "setThreadAllocatedMemoryEnabled", MethodType.methodType(void.class, boolean.class)).invoke(THREADS, true);
        return lookup.findVirtual(bean, name, MethodType.methodType(long.class, parameters)).bindTo(THREADS);
      }
    } catch (Throwable e) { // a JVM without the counter: say so once, and measure no allocation
      LOG.log(System.Logger.Level.WARNING, "this JVM does not measure a thread's allocation (" + e
          + "): the alloc_mb budget of tool calls is not enforced");
      return null;
    }
    LOG.log(System.Logger.Level.WARNING, "this JVM does not measure a thread's allocation: the alloc_mb budget of tool calls is not enforced");
    return null;
  }
}
