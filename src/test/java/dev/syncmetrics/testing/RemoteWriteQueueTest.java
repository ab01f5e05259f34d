package dev.syncmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RemoteWriteQueueTest {
  // as Prometheus 2.42 writes them, with the neighbours that share a prefix
  private static final String EXPOSITION =
      "# TYPE prometheus_remote_storage_shards gauge\n"
          + "prometheus_remote_storage_shards{remote_name=\"557837\",url=\"http://x/api/v1/write\"} 1\n"
          + "prometheus_remote_storage_shards_desired{remote_name=\"557837\",url=\"http://x\"} 0.01\n"
          + "prometheus_remote_storage_shards_max{remote_name=\"557837\",url=\"http://x\"} 10\n"
          + "prometheus_remote_storage_queue_highest_sent_timestamp_seconds"
          + "{remote_name=\"557837\",url=\"http://x/api/v1/write\"} 1.79605517e+09\n";

  @Test
  void readsTheOneSeriesOfAGaugeAndNotItsNeighbours() {
    assertEquals(1.0, RemoteWriteQueue.gauge(EXPOSITION, "prometheus_remote_storage_shards"));
    assertEquals(
        1_796_055_170.0,
        RemoteWriteQueue.gauge(
            EXPOSITION, "prometheus_remote_storage_queue_highest_sent_timestamp_seconds"));
  }

  @Test
  void anAbsentGaugeIsNaN() {
    assertTrue(Double.isNaN(RemoteWriteQueue.gauge("up 1\n", "prometheus_remote_storage_shards")));
  }

  @Test
  void twoQueuesAreRefused() {
    String two =
        EXPOSITION + "prometheus_remote_storage_shards{remote_name=\"other\",url=\"http://y\"} 2\n";
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RemoteWriteQueue.gauge(two, "prometheus_remote_storage_shards"));
    assertTrue(e.getMessage().contains("more than one remote-write queue"), e.getMessage());
  }
}
