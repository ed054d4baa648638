package ai.tyrum.gateway.lib.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request path template such as {@code /plugins/{id}/config}: literal segments, {@code {name}} for
 * exactly one non-empty segment, and a last {@code {name+}} for the non-empty rest of the path.
 *
 * <p>Paths are matched as the servlet container hands them over, already percent-decoded once; the
 * values are never decoded again, so that {@code %25} in a request stays a literal {@code %}.
 */
public record PathTemplate(String text, List<Segment> segments) {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");

  /** One segment of a template. */
  public sealed interface Segment {

    /** How specific the segment is: a literal beats a variable, a variable beats the rest. */
    int rank();
  }

  /** A segment that must equal {@code text}. */
  public record Literal(String text) implements Segment {
    public int rank() {
      return 2;
    }
  }

  /** A segment whose value is named {@code name}. */
  public record Variable(String name) implements Segment {
    public int rank() {
      return 1;
    }
  }

  /** The last segment: the rest of the path, slashes included, named {@code name}. */
  public record Rest(String name) implements Segment {
    public int rank() {
      return 0;
    }
  }

  public PathTemplate {
    segments = List.copyOf(segments);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException if it does not start with {@code /}, has an empty segment, a
   *     malformed or repeated variable name, or a rest variable that is not last
   */
  public static PathTemplate parse(String text) {
    if (!text.startsWith("/") || text.length() < 2) {
      throw new IllegalArgumentException("a path template starts with / and names something: " + text);
    }
    String[] parts = text.substring(1).split("/", -1);
    List<Segment> segments = new ArrayList<>(parts.length);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        throw new IllegalArgumentException("empty segment in path template " + text);
      }
      if (!part.startsWith("{")) {
        if (part.contains("{") || part.contains("}")) {
          throw new IllegalArgumentException("a variable is a whole segment: " + text);
        }
        segments.add(new Literal(part));
        continue;
      }
      boolean rest = part.endsWith("+}");
      String name = part.substring(1, part.length() - (rest ? 2 : 1));
      if (!part.endsWith("}") || !NAME.matcher(name).matches() || names.contains(name)) {
        throw new IllegalArgumentException("malformed or repeated variable " + part + " in " + text);
      }
      if (rest && i != parts.length - 1) {
        throw new IllegalArgumentException("only the last segment may take the rest of the path: " + text);
      }
      names.add(name);
      segments.add(rest ? new Rest(name) : new Variable(name));
    }
    return new PathTemplate(text, segments);
  }

  /** The values of the template's variables in {@code path}, or empty if the path does not match. */
  public Optional<Map<String, String>> match(String path) {
    if (!path.startsWith("/")) {
      return Optional.empty();
    }
    String[] parts = path.substring(1).split("/", -1);
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      if (i >= parts.length) {
        return Optional.empty();
      }
      if (segment instanceof Literal literal && !literal.text().equals(parts[i])) {
        return Optional.empty();
      }
      if (segment instanceof Variable variable) {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        values.put(variable.name(), parts[i]);
      }
      if (segment instanceof Rest rest) {
        String value = String.join("/", Arrays.asList(parts).subList(i, parts.length));
        if (value.isEmpty()) {
          return Optional.empty();
        }
        values.put(rest.name(), value);
        return Optional.of(Map.copyOf(values));
      }
    }
    return parts.length == segments.size() ? Optional.of(Map.copyOf(values)) : Optional.empty();
  }

  /**
   * Orders templates most specific first, segment by segment, so that when several match one path
   * ({@code /plugins/install} and {@code /plugins/{id}}) the literal one answers.
   */
  public static int bySpecificity(PathTemplate a, PathTemplate b) {
    for (int i = 0; i < Math.min(a.segments.size(), b.segments.size()); i++) {
      int order = Integer.compare(b.segments.get(i).rank(), a.segments.get(i).rank());
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(b.segments.size(), a.segments.size());
  }

  @Override
  public String toString() {
    return text;
  }
}
