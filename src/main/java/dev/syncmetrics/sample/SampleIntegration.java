package dev.syncmetrics.sample;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmetrics.KindRecorder;
import dev.syncmetrics.Phase;
import dev.syncmetrics.PhaseTimer;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.SyncReporter;
import dev.syncmetrics.SyncRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled sample integration, instrumented the way we ask you to instrument yours: it syncs
 * each {@link SampleKind} from the {@link SampleSource} through its jq mapping into the catalog,
 * and records every phase with a {@link SyncReporter}.
 *
 * <pre>{@code
 * SampleIntegration sample = SampleIntegration.builder()
 *     .reporter(reporter)
 *     .target(new CatalogClient("http://127.0.0.1:8080", http))
 *     .build();
 * ReportResult result = sample.sync(1);   // run 1 of the source
 * }</pre>
 *
 * <p>Per kind: extract reads the records; transform maps them (some are filtered out, some fail);
 * load lists what the catalog holds, skips entities it already holds unchanged and upserts the rest
 * in batches (a refused batch is retried entity by entity, to load what can be); delete removes
 * what the catalog holds but the source no longer yields. A kind whose target cannot be reached
 * fails; the others go on.
 */
public final class SampleIntegration {
  private final SyncReporter reporter;
  private final SampleSource source;
  private final Map<SampleKind, RecordMapper> mappers;
  private final EntityTarget target;
  private final SyncListener listener;
  private final int batchSize;

  private SampleIntegration(Builder b) {
    this.reporter = requireNonNull(b.reporter, "reporter must not be null");
    this.target = requireNonNull(b.target, "target must not be null");
    this.source = b.source != null ? b.source : SampleSource.bundled();
    this.mappers = b.mappers != null ? Map.copyOf(b.mappers) : JqRecordMapper.bundled();
    this.listener = b.listener;
    this.batchSize = b.batchSize;
    for (SampleKind kind : SampleKind.ALL) {
      if (!mappers.containsKey(kind)) {
        throw new IllegalArgumentException("no mapper for kind " + kind.name());
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Syncs every kind as the source holds it in run {@code run} and reports the run. */
  public ReportResult sync(int run) {
    try (SyncRun syncRun = reporter.startRun()) {
      for (SampleKind kind : SampleKind.ALL) {
        KindRecorder recorder = syncRun.kind(kind.name(), kind.index());
        String failure = null;
        try {
          syncKind(kind, recorder, run);
        } catch (IOException | RuntimeException e) {
          recorder.fail(e);
          failure = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
          recorder.end(); // the kind's payload goes out now, while the next kind syncs
        }
        listener.finished(kind, failure);
      }
      return syncRun.finish();
    }
  }

  private void syncKind(SampleKind kind, KindRecorder recorder, int run) throws IOException {
    listener.progress(kind, Phase.EXTRACT, 0, 0);
    List<ObjectNode> records;
    try (PhaseTimer t = recorder.time(Phase.EXTRACT)) {
      records = source.records(kind, run);
      recorder.extracted(records.size());
    }

    listener.progress(kind, Phase.TRANSFORM, 0, records.size());
    RecordMapper mapper = mappers.get(kind);
    Map<String, ObjectNode> entities = new LinkedHashMap<>();
    try (PhaseTimer t = recorder.time(Phase.TRANSFORM)) {
      for (ObjectNode record : records) {
        Mapped mapped = mapper.map(record);
        switch (mapped.outcome()) {
          case ENTITY -> {
            entities.put(mapped.identifier(), mapped.entity());
            recorder.transformed();
          }
          case FILTERED -> recorder.filteredOut(1);
          case FAILED -> recorder.transformFailed(1);
        }
      }
    }

    listener.progress(kind, Phase.LOAD, 0, entities.size());
    Map<String, JsonNode> held;
    try (PhaseTimer t = recorder.time(Phase.LOAD)) {
      held = target.list(kind.blueprint());
      List<ObjectNode> changed = new ArrayList<>();
      for (Map.Entry<String, ObjectNode> e : entities.entrySet()) {
        if (EntityDiff.same(e.getValue(), held.get(e.getKey()))) {
          recorder.skipped(1);
        } else {
          changed.add(e.getValue());
        }
      }
      long done = entities.size() - changed.size();
      for (int from = 0; from < changed.size(); from += batchSize) {
        List<ObjectNode> batch = changed.subList(from, Math.min(changed.size(), from + batchSize));
        load(kind, recorder, batch);
        done += batch.size();
        listener.progress(kind, Phase.LOAD, done, entities.size());
      }
    }

    List<String> gone = new ArrayList<>(held.keySet());
    gone.removeAll(entities.keySet());
    listener.progress(kind, Phase.DELETE, 0, gone.size());
    try (PhaseTimer t = recorder.time(Phase.DELETE)) {
      for (String identifier : gone) {
        if (target.delete(kind.blueprint(), identifier)) {
          recorder.deleted(1);
        }
      }
    }
  }

  /** Upserts a batch; a refused batch is sent again entity by entity, to load what can be. */
  private void load(SampleKind kind, KindRecorder recorder, List<ObjectNode> batch)
      throws IOException {
    try {
      int written = target.upsert(kind.blueprint(), batch);
      recorder.loaded(Math.min(written, batch.size()));
      recorder.loadFailed(Math.max(0, batch.size() - written));
    } catch (EntityTarget.RejectedException refused) {
      if (batch.size() == 1) {
        recorder.loadFailed(1);
        return;
      }
      for (ObjectNode entity : batch) {
        load(kind, recorder, List.of(entity));
      }
    }
  }

  /** Configures a {@link SampleIntegration}; only the reporter and the target are required. */
  public static final class Builder {
    private SyncReporter reporter;
    private SampleSource source;
    private Map<SampleKind, RecordMapper> mappers;
    private EntityTarget target;
    private SyncListener listener = SyncListener.NONE;
    private int batchSize = 200;

    private Builder() {}

    /** Records and reports every run. Required. */
    public Builder reporter(SyncReporter reporter) {
      this.reporter = requireNonNull(reporter, "reporter must not be null");
      return this;
    }

    /** Where entities go. Required: usually a {@link CatalogClient}. */
    public Builder target(EntityTarget target) {
      this.target = requireNonNull(target, "target must not be null");
      return this;
    }

    /** The source; default {@link SampleSource#bundled()}. */
    public Builder source(SampleSource source) {
      this.source = requireNonNull(source, "source must not be null");
      return this;
    }

    /** One mapper per kind; default the bundled jq mappings ({@link JqRecordMapper#bundled()}). */
    public Builder mappers(Map<SampleKind, RecordMapper> mappers) {
      this.mappers = requireNonNull(mappers, "mappers must not be null");
      return this;
    }

    /** Follows progress; default none. */
    public Builder listener(SyncListener listener) {
      this.listener = requireNonNull(listener, "listener must not be null");
      return this;
    }

    /** Entities per upsert request; default 200. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive, not " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    public SampleIntegration build() {
      return new SampleIntegration(this);
    }
  }
}
