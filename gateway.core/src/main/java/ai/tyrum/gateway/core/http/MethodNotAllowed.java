package ai.tyrum.gateway.core.http;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** 405 {@code method_not_allowed}: the path exists, but not for this method; {@link #allowed()} is the {@code Allow} header. */
final class MethodNotAllowed extends ApiError {

  private static final long serialVersionUID = 1L;

  private final transient SortedSet<String> allowed;

  MethodNotAllowed(Set<String> allowed) {
    super(405, "method_not_allowed", "use " + String.join(" or ", new TreeSet<>(allowed)), List.of());
    this.allowed = Collections.unmodifiableSortedSet(new TreeSet<>(allowed));
  }

  /** The methods the path answers, in alphabetical order. */
  SortedSet<String> allowed() {
    return allowed;
  }
}
