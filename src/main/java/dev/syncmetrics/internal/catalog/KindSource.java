package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.internal.catalog.store.EntityStore;
import java.util.List;

/**
 * Where the catalog's kinds are: the entities of {@code integration_kind_phase_metrics} when that
 * blueprint is loaded (it is in the project's {@code mappings/}), else those of the seed guide's
 * {@code integration_kind_metrics}, else none.
 *
 * <pre>{@code
 * KindSource kinds = new KindSource(mappings, store);
 * List<KindRow> rows = kinds.rows();    // every kind and every integration's __runtime__
 * }</pre>
 */
final class KindSource {
  private final KindFields fields;
  private final EntityStore store;

  KindSource(WebhookMappings mappings, EntityStore store) {
    this.store = store;
    KindFields chosen = null;
    for (KindFields f : KindFields.values()) {
      if (chosen == null && mappings.blueprints().containsKey(f.blueprint())) {
        chosen = f;
      }
    }
    this.fields = chosen;
  }

  /** The fields of the blueprint that holds the kinds, or null when none is loaded. */
  KindFields fields() {
    return fields;
  }

  /** Every stored kind and {@code __runtime__} row, in {@link KindRow#ORDER}. */
  List<KindRow> rows() {
    if (fields == null) {
      return List.of();
    }
    return store.list(fields.blueprint(), Integer.MAX_VALUE).stream()
        .map(e -> KindRow.of(fields, e))
        .sorted(KindRow.ORDER)
        .toList();
  }
}
