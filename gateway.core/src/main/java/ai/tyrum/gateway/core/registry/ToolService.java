package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.api.Tool;
import java.util.function.Function;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * The service object of a served tool, held from the moment it is first needed and never looked up per
 * call. A tool that arrives while the gateway starts (found in the framework cache, or installed by the
 * marketplace from its store or the bundled catalog before the gateway is ready) is obtained at its first
 * call: until then its plugin's DS component is not activated, none of its classes is loaded, and the
 * framework tracks no use of it, so that a thousand idle plugins cost neither start-up time nor heap. A
 * tool that arrives once the gateway runs (an operator's install) is obtained at once, so that a component
 * that cannot activate fails its plugin then.
 */
public final class ToolService {

  private final ComponentServiceObjects<Tool> objects;
  private final Function<Tool, String> refusal;
  private volatile Held held;

  /**
   * The service object with the class loader of its class, read once: under a security manager
   * {@code getClassLoader()} of another bundle's class is a permission check, each time it is called.
   */
  private record Held(Tool tool, ClassLoader loader) {
    Held(Tool tool) {
      this(tool, tool.getClass().getClassLoader());
    }
  }

  private ToolService(Held held, ComponentServiceObjects<Tool> objects, Function<Tool, String> refusal) {
    this.held = held;
    this.objects = objects;
    this.refusal = refusal;
  }

  /** A tool obtained already. */
  public static ToolService of(Tool tool) {
    return new ToolService(new Held(tool), null, t -> null);
  }

  /**
   * A tool obtained from {@code objects} when first needed; {@code refusal} judges the object then, and
   * names why it must not be served (null when it may).
   */
  static ToolService lazy(ComponentServiceObjects<Tool> objects, Function<Tool, String> refusal) {
    return new ToolService(null, objects, refusal);
  }

  /**
   * The tool's service object.
   *
   * @throws Unavailable when its component cannot be activated, or the registration is refused now
   *     that its object can be judged
   */
  public Tool get() {
    return obtain().tool();
  }

  /**
   * The class loader of the tool's service object's class: the plugin's, which its calls run with as
   * their context class loader.
   *
   * @throws Unavailable as {@link #get()}
   */
  public ClassLoader loader() {
    return obtain().loader();
  }

  private Held obtain() {
    Held current = held;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (held == null) {
        Tool obtained = objects.getService();
        if (obtained == null) {
          throw new Unavailable("the plugin's tool component could not be activated; plugin:info shows why");
        }
        String refused = refusal.apply(obtained);
        if (refused != null) {
          objects.ungetService(obtained);
          throw new Unavailable(refused);
        }
        held = new Held(obtained);
      }
      return held;
    }
  }

  /** Whether the service object is held (for tests and the memory figures). */
  public boolean obtained() {
    return held != null;
  }

  /** The tool's service object cannot be had: the call fails, and nothing of the plugin ran. */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }
}
