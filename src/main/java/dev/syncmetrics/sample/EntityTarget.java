package dev.syncmetrics.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where the sample integration loads its entities: the catalog's write API ({@link CatalogClient}),
 * or a fake in tests.
 *
 * <pre>{@code
 * Map<String, JsonNode> held = target.list("repository");
 * int written = target.upsert("repository", batch);
 * boolean gone = target.delete("repository", "repo-0007");
 * }</pre>
 */
public interface EntityTarget {
  /**
   * The entities the target holds for a blueprint, by identifier, each with at least {@code title},
   * {@code properties} and {@code relations}.
   *
   * @throws IOException when the target cannot be reached or answers with an error
   */
  Map<String, JsonNode> list(String blueprint) throws IOException;

  /**
   * Creates or updates entities; returns how many the target acknowledged as written.
   *
   * @throws RejectedException when the target refuses the request as invalid (a 4xx answer)
   * @throws IOException when the target cannot be reached or fails
   */
  int upsert(String blueprint, List<ObjectNode> entities) throws IOException;

  /**
   * Deletes one entity; returns false when the target did not hold it.
   *
   * @throws IOException when the target cannot be reached or fails
   */
  boolean delete(String blueprint, String identifier) throws IOException;

  /** The target refused a request as invalid: sending it again will not help. */
  final class RejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    public RejectedException(String message) {
      super(message);
    }
  }
}
