package ai.tyrum.gateway.lib.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Text that UTF-8 cannot carry: a string with an unpaired UTF-16 surrogate, which JSON can spell
 * (a backslash-u escape of a lone surrogate) but no UTF-8 file or response can hold. A writer can only replace it (Jackson writes
 * {@code ?}), so a value read back is no longer the value sent: such text is refused where it arrives.
 */
public final class UnpairedSurrogates {

  /** Where a tree holds such a string: its JSON pointer, and whether the property name is at fault. */
  public record Place(String pointer, boolean inName, int index) {
    /** What is wrong there, for a person who never saw the code. */
    public String problem() {
      return "the " + (inName ? "property name" : "string") + " holds an unpaired UTF-16 surrogate at character "
          + index + ", which UTF-8 cannot store; send each character whole (the character itself, or a pair"
          + " such as \\ud83d\\ude00)";
    }

    /** The place as a refusal detail names it, such as {@code /greeting (unicode): ...}. */
    public String detail() {
      return pointer + " (unicode): " + problem();
    }
  }

  private UnpairedSurrogates() {}

  /** The index of the first unpaired surrogate in {@code text}, or -1 when it has none. */
  public static int indexIn(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Every string of {@code tree}, property names included, that holds an unpaired surrogate, in document
   * order. A pointer through a faulty name spells each unpaired surrogate as its JSON escape in plain text, so that
   * the pointer itself can be written out.
   */
  public static List<Place> in(JsonNode tree) {
    List<Place> found = new ArrayList<>();
    collect(tree, "", found);
    return found;
  }

  private static void collect(JsonNode node, String pointer, List<Place> found) {
    if (node.isString()) {
      int index = indexIn(node.stringValue());
      if (index >= 0) {
        found.add(new Place(pointer.isEmpty() ? "/" : pointer, false, index));
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = field.getKey();
        String child = pointer + "/" + printable(name).replace("~", "~0").replace("/", "~1");
        int index = indexIn(name);
        if (index >= 0) {
          found.add(new Place(child, true, index));
        }
        collect(field.getValue(), child, found);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, found);
      }
    }
  }

  /** {@code name} with each unpaired surrogate spelled as its JSON escape, in plain text. */
  private static String printable(String name) {
    if (indexIn(name) < 0) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        out.append(c).append(name.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
