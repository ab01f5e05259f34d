package dev.syncmetrics.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Prometheus's remote-write queue as its own {@code /metrics} shows it: the newest sample it has
 * sent and how many shards (parallel senders) it runs. Both are NaN until the queue has started
 * (after it replayed the write-ahead log).
 *
 * <pre>{@code
 * RemoteWriteQueue.State q = RemoteWriteQueue.read(prometheus);
 * boolean past = q.highestSentSeconds() * 1000 >= time.toEpochMilli();
 * }</pre>
 */
public final class RemoteWriteQueue {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RemoteWriteQueue() {}

  /** What the queue reports now. */
  public record State(double highestSentSeconds, double shards) {}

  /** Reads the queue's state from {@code prometheus}'s {@code /metrics}; one queue expected. */
  public static State read(ServerProcess prometheus) throws IOException {
    HttpResponse<String> response;
    try {
      response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(prometheus.baseUrl() + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String exposition = response.body();
    return new State(
        gauge(exposition, "prometheus_remote_storage_queue_highest_sent_timestamp_seconds"),
        gauge(exposition, "prometheus_remote_storage_shards"));
  }

  /** The value of the one series named {@code name} in a text exposition; NaN when absent. */
  static double gauge(String exposition, String name) {
    List<Double> values = new ArrayList<>();
    exposition
        .lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .forEach(l -> values.add(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))));
    if (values.size() > 1) {
      throw new IllegalStateException(
          values.size() + " series of " + name + ": more than one remote-write queue");
    }
    return values.isEmpty() ? Double.NaN : values.get(0);
  }
}
