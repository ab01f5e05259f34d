package dev.syncmetrics.internal.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.syncmetrics.Phase;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.shape.PayloadKeys;
import java.io.IOException;
import java.util.Arrays;

/**
 * Numbers as Ocean sends them: every figure is a Prometheus gauge value, a float, which Python's
 * JSON writes as {@code 120.0} or {@code 8.38}; and Ocean's memory figures of a kind.
 */
final class OceanNumbers {
  private OceanNumbers() {}

  /** {@code value} as a JSON float: {@code 120.0}, {@code 8.38}; null when not finite. */
  static void write(JsonGenerator g, double value) throws IOException {
    if (!Double.isFinite(value)) {
      g.writeNull();
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      g.writeNumber(Long.toString((long) value) + ".0");
    } else {
      g.writeNumber(value);
    }
  }

  /**
   * {@code memory_max_bytes}, {@code memory_median_bytes} and {@code memory_avg_bytes} of the heap
   * samples taken at the end of each phase; nothing when none was taken (as Ocean leaves them out
   * when its monitor took no sample).
   */
  static void memory(JsonGenerator g, KindSnapshot kind) throws IOException {
    long[] samples = new long[Phase.values().length];
    int n = 0;
    for (Phase p : Phase.values()) {
      if (kind.memory(p) >= 0) {
        samples[n++] = kind.memory(p);
      }
    }
    if (n == 0) {
      return;
    }
    Arrays.sort(samples, 0, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += samples[i];
    }
    double median = n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2.0;
    g.writeFieldName(PayloadKeys.MEMORY_MAX);
    write(g, samples[n - 1]);
    g.writeFieldName(PayloadKeys.MEMORY_MEDIAN);
    write(g, median);
    g.writeFieldName(PayloadKeys.MEMORY_AVG);
    write(g, sum / n);
  }
}
