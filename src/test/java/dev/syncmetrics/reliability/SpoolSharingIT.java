package dev.syncmetrics.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.spool.FileSpool;
import dev.syncmetrics.testing.FaultyCatalog;
import dev.syncmetrics.testing.JavaChild;
import dev.syncmetrics.testing.SpoolDrainChild;
import dev.syncmetrics.testing.SpoolingChild;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes redelivering one spool directory at once never deliver a file twice. */
class SpoolSharingIT {
  private static final Pattern RESULT = Pattern.compile("result (true|false) (\\d+)");

  @TempDir Path spool;

  @Test
  void threeProcessesDrainingOneSpoolDeliverEachPayloadOnce() throws Exception {
    List<Payload> waiting = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      waiting.add(SpoolingChild.payload("shared", "k" + i + "-100"));
    }
    new FileSpool(spool, 10_000, 1L << 30).save(waiting, Duration.ofMinutes(1));

    try (FaultyCatalog catalog = FaultyCatalog.start()) {
      catalog.answerDelay(Duration.ofMillis(40)); // about 2 s of delivery: the processes overlap
      List<Process> children = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        children.add(
            JavaChild.start(List.of(), SpoolDrainChild.class, spool.toString(), catalog.url()));
      }
      int delivered = 0;
      for (Process child : children) {
        JavaChild.Outcome o = JavaChild.await(child);
        assertEquals(0, o.exitCode(), o.stderr());
        Matcher m = RESULT.matcher(o.stdout());
        assertEquals(true, m.find(), o.stdout());
        delivered += Integer.parseInt(m.group(2));
        System.out.println("SpoolSharingIT child: " + o.stdout().trim());
      }
      Set<String> keys = new HashSet<>();
      waiting.forEach(p -> keys.add(p.idempotencyKey()));
      assertEquals(keys, catalog.stored().keySet());
      assertEquals(0, catalog.duplicates(), "no payload was sent twice");
      assertEquals(400, delivered);
    }
  }
}
