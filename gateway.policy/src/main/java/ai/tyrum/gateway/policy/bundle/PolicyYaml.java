package ai.tyrum.gateway.policy.bundle;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The YAML of a policy file read as the JSON it spells, and nothing else: policy is security
 * configuration, so every YAML feature that could make the gateway read something other than what an
 * operator sees is refused rather than resolved. Refused, each with the file, its JSON pointer and its
 * line and column: anchors and aliases ({@code &x}, {@code *x}: a YAML reader that does not resolve
 * them reads the alias as the text {@code x}), tags ({@code !!str}, {@code !foo}, {@code !}), merge keys
 * ({@code <<}), duplicate keys, keys that are not scalars, more than one document, directives
 * ({@code %YAML}, {@code %TAG}), nesting deeper than {@value #MAX_DEPTH}, and plain scalars that YAML
 * 1.1 and 1.2 read differently (such as {@code 0x3C}, {@code 010}, {@code 1_000}, {@code 1:00},
 * {@code .inf}, {@code yes}, {@code off}). Plain scalars resolve as JSON would: {@code null} and
 * {@code ~} (and nothing) are null, {@code true}/{@code false} booleans, {@code -?(0|[1-9][0-9]*)}
 * integers, the same with a fraction or exponent decimal numbers, anything else text; quoted and block
 * scalars are always text. Without aliases nothing expands, so a "billion laughs" file is one fault.
 *
 * <p>Reads the parser's event stream (snakeyaml-engine's low-level {@code Parse}), never its composer
 * or constructors, so no YAML type or alias is ever resolved. Not thread-safe: one instance per read.
 */
final class PolicyYaml {

  /** The policy format nests three levels deep ({@code /egress_classes/web/0}); deeper is not policy. */
  static final int MAX_DEPTH = 16;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern INTEGER = Pattern.compile("-?(?:0|[1-9][0-9]*)");
  private static final Pattern DECIMAL = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?");
  /** What YAML 1.1 or 1.2 reads as a number or a boolean, beyond the forms above. */
  private static final Pattern AMBIGUOUS = Pattern.compile(String.join("|",
      "[-+]?[0-9][0-9_]*", // leading zeros (octal in YAML 1.1), '+', digit separators
      "[-+]?0[bB][0-1_]+",
      "[-+]?0[oO][0-7_]+",
      "[-+]?0[xX][0-9a-fA-F_]+",
      "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?", // sexagesimal
      "[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?",
      "[-+]?[0-9][0-9_]*(?:\\.[0-9_]*)?[eE][-+]?[0-9]+",
      "[-+]?\\.(?:inf|Inf|INF)",
      "\\.(?:nan|NaN|NAN)",
      "y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"));

  private final String name;
  private final Iterator<Event> events;
  private final List<String> faults = new ArrayList<>();

  private PolicyYaml(String name, Iterator<Event> events) {
    this.name = name;
    this.events = events;
  }

  /** What a file holds: its one document's tree, or nothing (empty, whitespace or comments only). */
  record Result(Optional<JsonNode> tree, List<String> faults) {}

  /**
   * Reads one file's bytes (UTF-8, or UTF-16/32 with a byte order mark).
   *
   * @param name the file's name, at the start of every fault
   * @return the tree, or the faults ({@code name: /pointer: code: line L, column C: message}); never both
   */
  static Result read(String name, byte[] bytes) {
    LoadSettings settings = LoadSettings.builder()
        .setLabel(name)
        .setCodePointLimit(Math.max(bytes.length, 1))
        .setParseComments(false)
        .build();
    Iterator<Event> events = new Parse(settings).parseInputStream(new ByteArrayInputStream(bytes)).iterator();
    PolicyYaml yaml = new PolicyYaml(name, events);
    Optional<JsonNode> tree;
    try {
      tree = yaml.stream();
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
      String problem = e.getProblem() == null ? String.valueOf(e.getContext()) : e.getProblem();
      yaml.faults.add(name + ": " + "yaml_syntax: " + at(mark) + "not valid YAML: " + problem.strip());
      tree = Optional.empty();
    } catch (YamlEngineException e) {
      yaml.faults.add(name + ": yaml_syntax: not valid YAML: " + String.valueOf(e.getMessage()).strip());
      tree = Optional.empty();
    } catch (TooDeep e) {
      tree = Optional.empty();
    }
    if (!yaml.faults.isEmpty()) {
      return new Result(Optional.empty(), List.copyOf(yaml.faults));
    }
    return new Result(tree, List.of());
  }

  private Optional<JsonNode> stream() {
    events.next(); // the stream's start
    Event event = events.next();
    if (event instanceof StreamEndEvent) {
      return Optional.empty();
    }
    DocumentStartEvent document = (DocumentStartEvent) event;
    if (document.getSpecVersion().isPresent() || !document.getTags().isEmpty()) {
      fault("", document, "yaml_directive",
          "directives (%YAML, %TAG) are not used in policy files; remove the lines that start with %");
    }
    Event first = events.next();
    JsonNode root = node(first, "", 0);
    events.next(); // the document's end
    Event next = events.next();
    if (!(next instanceof StreamEndEvent)) {
      fault("", next, "yaml_multiple_documents",
          "a policy file holds one document; a second one starts here (---): merge them or use another file");
      return Optional.empty();
    }
    if (first instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getValue().isEmpty() && scalar.getTag().isEmpty()) {
      return Optional.empty(); // a lone "---"
    }
    return Optional.of(root);
  }

  private JsonNode node(Event event, String pointer, int depth) {
    if (event instanceof NodeEvent node && !(event instanceof AliasEvent) && node.getAnchor().isPresent()) {
      fault(pointer, event, "yaml_anchor", "anchors (&" + node.getAnchor().get().getValue()
          + ") are not used in policy files; write the value itself wherever it is needed");
    }
    if (event instanceof AliasEvent alias) {
      fault(pointer, event, "yaml_alias", "aliases (*" + alias.getAlias().getValue()
          + ") are not used in policy files; write the value itself here");
      return NODES.nullNode();
    }
    if (event instanceof ScalarEvent scalar) {
      scalar.getTag().ifPresent(tag -> tagged(pointer, event, tag));
      return scalar(scalar, pointer);
    }
    CollectionStartEvent collection = (CollectionStartEvent) event;
    collection.getTag().ifPresent(tag -> tagged(pointer, event, tag));
    if (depth >= MAX_DEPTH) {
      fault(pointer, event, "yaml_too_deep", "nested deeper than " + MAX_DEPTH + " levels; the policy format nests three");
      throw new TooDeep();
    }
    return collection instanceof MappingStartEvent ? mapping(pointer, depth) : sequence(pointer, depth);
  }

  private ObjectNode mapping(String pointer, int depth) {
    ObjectNode object = NODES.objectNode();
    Event key;
    while (!((key = events.next()) instanceof MappingEndEvent)) {
      if (!(key instanceof ScalarEvent scalar) || scalar.getAnchor().isPresent() || scalar.getTag().isPresent()) {
        if (key instanceof ScalarEvent || key instanceof AliasEvent) {
          node(key, pointer, depth + 1); // says what is wrong with it
        } else {
          fault(pointer, key, "yaml_complex_key", "a key must be plain text, not a list or a map");
          node(key, pointer, depth + 1);
        }
        node(events.next(), pointer, depth + 1);
        continue;
      }
      String name = scalar.getValue();
      String at = pointer + "/" + EgressClassReader.escape(name);
      if (scalar.isPlain() && name.equals("<<")) {
        fault(pointer, key, "yaml_merge_key", "merge keys (<<) are not used in policy files; write the keys themselves");
        node(events.next(), at, depth + 1);
        continue;
      }
      if (object.has(name)) {
        fault(at, key, "yaml_duplicate_key", "key " + quote(name) + " appears more than once in this map; keep one");
        node(events.next(), at, depth + 1);
        continue;
      }
      object.set(name, node(events.next(), at, depth + 1));
    }
    return object;
  }

  private ArrayNode sequence(String pointer, int depth) {
    ArrayNode array = NODES.arrayNode();
    Event item;
    while (!((item = events.next()) instanceof SequenceEndEvent)) {
      array.add(node(item, pointer + "/" + array.size(), depth + 1));
    }
    return array;
  }

  private JsonNode scalar(ScalarEvent scalar, String pointer) {
    String value = scalar.getValue();
    if (!scalar.isPlain()) {
      return NODES.stringNode(value);
    }
    if (NULL.matcher(value).matches()) {
      return NODES.nullNode();
    }
    if (BOOLEAN.matcher(value).matches()) {
      return NODES.booleanNode(value.equalsIgnoreCase("true"));
    }
    if (INTEGER.matcher(value).matches()) {
      // the node a JSON parser would make, so that schema keywords compare it as they compare JSON
      BigInteger number = new BigInteger(value);
      if (number.bitLength() < 32) {
        return NODES.numberNode(number.intValue());
      }
      return number.bitLength() < 64 ? NODES.numberNode(number.longValue()) : NODES.numberNode(number);
    }
    if (DECIMAL.matcher(value).matches()) {
      return NODES.numberNode(new BigDecimal(value));
    }
    if (AMBIGUOUS.matcher(value).matches()) {
      fault(pointer, scalar, "yaml_ambiguous_scalar", quote(value) + " reads as a number or a boolean in some YAML"
          + " versions and as text in others: write a number in plain decimal (such as 60), or quote text ('" + value + "')");
    }
    return NODES.stringNode(value);
  }

  private void tagged(String pointer, Event event, String tag) {
    fault(pointer, event, "yaml_tag", "tags (" + tag + ") are not used in policy files; remove the tag"
        + " and quote the value if it is text");
  }

  private void fault(String pointer, Event event, String code, String message) {
    faults.add(name + ": " + (pointer.isEmpty() ? "/" : pointer) + ": " + code + ": " + at(event.getStartMark()) + message);
  }

  private static String at(Optional<Mark> mark) {
    return mark.map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": ").orElse("");
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  /** Nesting past {@link #MAX_DEPTH}: reading stops there, with that fault. */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(null, null, false, false);
    }
  }
}
