package dev.syncmetrics.testing;

import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.spool.FileSpool;
import dev.syncmetrics.internal.spool.Spool;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A process that does nothing but spool payloads, for a test to kill at a random moment. Prints
 * {@code ready}, then after each save one line {@code saved <idempotency key> .} per payload: what
 * it printed was fully written before it died.
 *
 * <pre>{@code
 * java -cp <test classpath> dev.syncmetrics.testing.SpoolingChild SPOOL_DIR RUN SEED
 * }</pre>
 */
public final class SpoolingChild {
  private SpoolingChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String run = args[1];
    Random random = new Random(Long.parseLong(args[2]));
    Spool spool = new FileSpool(dir, 1_000_000, 1L << 40);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.println("ready");
    out.flush();
    for (int n = 0; ; ) {
      List<Payload> batch = new ArrayList<>();
      int size = 1 + random.nextInt(8);
      for (int i = 0; i < size; i++, n++) {
        batch.add(payload(run, "k" + n + "-" + (1 + random.nextInt(64 * 1024))));
      }
      Spool.SaveResult r = spool.save(batch, Duration.ofSeconds(30));
      if (r.saved() != batch.size()) {
        throw new IllegalStateException("not all saved: " + r);
      }
      for (Payload p : batch) {
        out.println("saved " + p.idempotencyKey() + " .");
      }
      out.flush();
    }
  }

  /** The payload for a key; its padding size is the number after the last '-' of {@code kind}. */
  public static Payload payload(String eventId, String kind) {
    int padding = Integer.parseInt(kind.substring(kind.lastIndexOf('-') + 1));
    StringBuilder pad = new StringBuilder(padding);
    Random content = new Random((eventId + ":" + kind).hashCode());
    for (int i = 0; i < padding; i++) {
      pad.append((char) ('a' + content.nextInt(26)));
    }
    String json =
        "{\"event_id\":\""
            + eventId
            + "\",\"kind_identifier\":\""
            + kind
            + "\",\"reported_at\":\"2026-11-21T10:00:00Z\",\"pad\":\""
            + pad
            + "\"}";
    return new Payload(eventId, kind, json.getBytes(StandardCharsets.UTF_8));
  }
}
