package dev.syncmetrics.internal.catalog;

import dev.syncmetrics.Clock;
import dev.syncmetrics.internal.catalog.store.EntityStore;
import java.time.Duration;
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
  /** How long rows read are trusted even when the store's change mark says they are current. */
  static final Duration MAX_AGE = Duration.ofSeconds(10);

  private final KindFields fields;
  private final EntityStore store;
  private final Clock clock;

  /** The rows last read, with the store's change mark before the read and when it was. */
  private record Snapshot(String mark, long readAtNanos, List<KindRow> rows) {}

  private volatile Snapshot snapshot;

  KindSource(WebhookMappings mappings, EntityStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
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

  /**
   * Every stored kind and {@code __runtime__} row, in {@link KindRow#ORDER}. Read again only when
   * the store has been written since the last read (or that read is older than {@link #MAX_AGE}): a
   * dashboard refreshing 10,000 kinds every few seconds then costs one small query.
   */
  List<KindRow> rows() {
    if (fields == null) {
      return List.of();
    }
    String mark = store.changeMark(fields.blueprint()); // before the read: a write after it shows
    Snapshot last = snapshot;
    if (current(last, mark)) {
      return last.rows();
    }
    synchronized (this) { // requests that miss together read once
      last = snapshot;
      if (current(last, mark)) {
        return last.rows();
      }
      return read(mark);
    }
  }

  private boolean current(Snapshot last, String mark) {
    return last != null
        && last.mark().equals(mark)
        && clock.nanoTime() - last.readAtNanos() < MAX_AGE.toNanos();
  }

  private List<KindRow> read(String mark) {
    long now = clock.nanoTime();
    List<KindRow> rows =
        store.list(fields.blueprint(), Integer.MAX_VALUE).stream()
            .map(e -> KindRow.of(fields, e))
            .sorted(KindRow.ORDER)
            .toList();
    snapshot = new Snapshot(mark, now, rows);
    return rows;
  }
}
