package org.pathway.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutates a valid JSON document the way broken senders do: a field dropped, a value of the wrong
 * type, an extreme or wrapping number, an empty, huge or control-character string, a duplicated,
 * emptied or huge array, a time out of range, another status or version. Seeded, so a failing case
 * can be replayed from its seed.
 */
public final class JsonMutator {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonMutator() {}

  public static JsonNode mutate(JsonNode original, Random random, int mutations) {
    JsonNode doc = original.deepCopy();
    for (int i = 0; i < mutations; i++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(doc, containers);
      JsonNode target = containers.get(random.nextInt(containers.size()));
      if (target instanceof ObjectNode obj && !obj.isEmpty()) {
        List<String> names = new ArrayList<>();
        obj.fieldNames().forEachRemaining(names::add);
        String name = names.get(random.nextInt(names.size()));
        if (random.nextInt(4) == 0) {
          obj.remove(name);
        } else {
          obj.set(name, value(random, obj.get(name)));
        }
      } else if (target instanceof ArrayNode arr && !arr.isEmpty()) {
        int at = random.nextInt(arr.size());
        switch (random.nextInt(4)) {
          case 0 -> arr.remove(at);
          case 1 -> arr.add(arr.get(at).deepCopy());
          case 2 -> arr.removeAll();
          default -> arr.set(at, value(random, arr.get(at)));
        }
      }
    }
    return doc;
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> collect(child, out));
    }
  }

  private static JsonNode value(Random random, JsonNode old) {
    return switch (random.nextInt(24)) {
      case 0 -> F.nullNode();
      case 1 -> F.textNode("");
      case 2 -> F.textNode("x".repeat(10_000));
      case 3 -> F.numberNode(-1);
      case 4 -> F.numberNode(0);
      case 5 -> F.numberNode(1e308);
      case 6 -> F.numberNode(new java.math.BigDecimal("1e-400"));
      case 7 -> F.numberNode(Long.MIN_VALUE);
      case 8 -> F.booleanNode(random.nextBoolean());
      case 9 -> F.objectNode();
      case 10 -> F.arrayNode().add(old == null ? F.nullNode() : old.deepCopy());
      case 11 -> F.textNode("2026-02-30T25:61:00Z");
      case 12 -> F.textNode("NaN");
      case 13 -> F.textNode(old == null ? "\u0000" : old.asText() + "\uD800");
      case 14 -> old != null && old.isNumber() ? F.textNode(old.asText()) : F.numberNode(random.nextInt());
      // integers that wrap around in an int or a long (4294967296 read as 0 once gave ICE 0)
      case 15 -> F.numberNode(new java.math.BigInteger(
          List.of("4294967296", "2147483648", "-2147483649", "9223372036854775808", "18446744073709551616")
              .get(random.nextInt(5))));
      // beyond a double, and beyond what the engine and the database carry
      case 16 -> F.numberNode(new java.math.BigDecimal(List.of("1e1000", "-1e100000", "1e13", "0.1e-31")
          .get(random.nextInt(4))));
      // control characters and terminal escapes inside a text
      case 17 -> F.textNode((old == null ? "" : old.asText()) + List.of("\u0001", "\u001b[31m", "\r\n", "\u007f",
          "\u2028").get(random.nextInt(5)));
      // a huge array: the sizes every endpoint bounds
      case 18 -> {
        ArrayNode huge = F.arrayNode();
        JsonNode element = old == null ? F.numberNode(1) : old;
        for (int i = 0; i < 12_000; i++) {
          huge.add(element.deepCopy());
        }
        yield huge;
      }
      // times far out of range, and times without a zone
      case 19 -> F.textNode(List.of("+1000000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
          "2026-11-21T06:10:00", "1970-01-01T00:00:00Z").get(random.nextInt(4)));
      // another version or status of the same result (orderings the sender did not intend)
      case 20 -> F.textNode(List.of("final", "amended", "corrected", "preliminary", "entered-in-error",
          "cancelled", "registered").get(random.nextInt(7)));
      case 21 -> F.textNode(List.of("1", "2", "10", "a", "9.5", "-1").get(random.nextInt(6)));
      case 22 -> F.numberNode(random.nextDouble() * 2_000);
      default -> F.textNode("'; drop table lab_result; --");
    };
  }
}
