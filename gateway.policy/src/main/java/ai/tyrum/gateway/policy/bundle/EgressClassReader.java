package ai.tyrum.gateway.policy.bundle;

import ai.tyrum.gateway.lib.egress.EgressEndpoints;
import ai.tyrum.gateway.lib.egress.InvalidEgressException;
import ai.tyrum.gateway.spi.EgressEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Reads a policy file's {@code egress_classes}: every rule the schema states, and what a regular
 * expression cannot (port range, IPv4 octets, IPv6 form, label lengths, how broad a wildcard is), each
 * fault with a stable code and its JSON pointer.
 */
final class EgressClassReader {

  static final String KEY = "egress_classes";
  static final int MAX_CLASSES = 256;
  static final int MAX_ENDPOINTS = 256;

  /** The classes read, and one fault per invalid entry ({@code /pointer: code: message}). */
  record Result(SortedMap<String, List<EgressEndpoint>> classes, List<String> faults) {}

  private EgressClassReader() {}

  static Result read(JsonNode classes) {
    SortedMap<String, List<EgressEndpoint>> read = new TreeMap<>();
    List<String> faults = new ArrayList<>();
    String root = "/" + KEY;
    if (classes.isMissingNode()) {
      return new Result(read, faults);
    }
    if (!classes.isObject()) {
      faults.add(fault(root, "egress_classes_invalid", "must be a map from class name to a list of host:port"));
      return new Result(read, faults);
    }
    if (classes.size() > MAX_CLASSES) {
      faults.add(fault(root, "egress_classes_invalid", "more than " + MAX_CLASSES + " classes"));
    }
    for (Map.Entry<String, JsonNode> entry : classes.properties()) {
      String name = entry.getKey();
      String pointer = root + "/" + escape(name);
      if (!EgressEndpoints.CLASS_NAME.matcher(name).matches()) {
        faults.add(
            fault(pointer, "egress_class_name_invalid",
                "class name " + quote(name) + " must be " + EgressEndpoints.CLASS_NAME_RULE + ", as in weather-api"));
        continue;
      }
      JsonNode list = entry.getValue();
      if (!list.isArray()) {
        faults.add(fault(pointer, "egress_class_invalid", "must be a list of host:port, such as [api.example.com:443]; [] names none"));
        continue;
      }
      if (list.size() > MAX_ENDPOINTS) {
        faults.add(fault(pointer, "egress_class_invalid", "more than " + MAX_ENDPOINTS + " endpoints"));
        continue;
      }
      List<EgressEndpoint> endpoints = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode item = list.get(i);
        if (!item.isString()) {
          faults.add(fault(pointer + "/" + i, "egress_endpoint_malformed", "must be a string host:port, such as api.example.com:443"));
          continue;
        }
        try {
          endpoints.add(EgressEndpoints.parse(item.asString()));
        } catch (InvalidEgressException e) {
          faults.add(fault(pointer + "/" + i, e.code(), e.getMessage()));
        }
      }
      read.put(name, endpoints);
    }
    return new Result(read, faults);
  }

  static String fault(String pointer, String code, String message) {
    return pointer + ": " + code + ": " + message;
  }

  /** RFC 6901: a class name that is not valid may hold the two characters a pointer escapes. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }
}
