package dev.syncmetrics.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncmetrics.internal.catalog.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How often the health check writes, on a store that counts its probes and a clock of our own. */
class HealthCheckTest {
  static final class ProbedStore extends CatalogServiceTest.DownStore {
    int probes;
    boolean failing;

    @Override
    public void checkWritable() {
      probes++;
      if (failing) {
        throw new StoreException("writing the health probe failed: disk full");
      }
    }
  }

  static dev.syncmetrics.internal.catalog.http.Request get() {
    return dev.syncmetrics.internal.catalog.http.Request.of(
        "GET", "/healthz", null, Map.of("Host", List.of("127.0.0.1")), new byte[0]);
  }

  @Test
  void aSuccessIsReusedForASecondAndAFailureIsProbedAgainAtOnce() {
    ProbedStore store = new ProbedStore();
    AtomicLong nanos = new AtomicLong();
    HealthCheck health = new HealthCheck(store, nanos::get);

    assertEquals(200, health.answer(get()).status());
    nanos.addAndGet(999_000_000L);
    assertEquals(200, health.answer(get()).status());
    assertEquals(1, store.probes, "a success is reused within a second");

    nanos.addAndGet(2_000_000L);
    store.failing = true;
    assertEquals(503, health.answer(get()).status());
    assertEquals(503, health.answer(get()).status());
    assertEquals(3, store.probes, "a failure is probed again at once");

    store.failing = false;
    assertEquals(200, health.answer(get()).status());
  }
}
