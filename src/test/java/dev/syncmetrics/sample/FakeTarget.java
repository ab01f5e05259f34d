package dev.syncmetrics.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** An in-memory catalog: refuses entities whose identifier is in {@link #refuse}, can go down. */
final class FakeTarget implements EntityTarget {
  final Map<String, Map<String, JsonNode>> held = new TreeMap<>();
  final List<Integer> batchSizes = new ArrayList<>();
  final List<String> deleted = new ArrayList<>();
  Set<String> refuse = Set.of();
  Set<String> downFor = Set.of();

  @Override
  public Map<String, JsonNode> list(String blueprint) throws IOException {
    reachable(blueprint);
    return new LinkedHashMap<>(held.getOrDefault(blueprint, Map.of()));
  }

  @Override
  public int upsert(String blueprint, List<ObjectNode> entities) throws IOException {
    reachable(blueprint);
    batchSizes.add(entities.size());
    for (ObjectNode e : entities) {
      if (refuse.contains(e.get("identifier").asText())) {
        throw new RejectedException("refused " + e.get("identifier").asText());
      }
    }
    for (ObjectNode e : entities) {
      held.computeIfAbsent(blueprint, b -> new TreeMap<>())
          .put(e.get("identifier").asText(), e.deepCopy());
    }
    return entities.size();
  }

  @Override
  public boolean delete(String blueprint, String identifier) throws IOException {
    reachable(blueprint);
    boolean had = held.getOrDefault(blueprint, new TreeMap<>()).remove(identifier) != null;
    if (had) {
      deleted.add(blueprint + "/" + identifier);
    }
    return had;
  }

  private void reachable(String blueprint) throws IOException {
    if (downFor.contains(blueprint)) {
      throw new IOException("connection refused");
    }
  }
}
