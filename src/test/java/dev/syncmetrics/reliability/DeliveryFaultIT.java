package dev.syncmetrics.reliability;

import static dev.syncmetrics.reliability.ReportLoop.pushgateway;
import static dev.syncmetrics.reliability.ReportLoop.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.testing.FaultyCatalog;
import dev.syncmetrics.testing.FaultyCatalog.Fault;
import dev.syncmetrics.testing.FreePort;
import dev.syncmetrics.testing.PushgatewayGroups;
import dev.syncmetrics.testing.PushgatewayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault battery against a webhook target that keeps payloads once per idempotency key, as the
 * catalog does (see {@link FaultyCatalog}). Every case: each report returns within its deadline and
 * throws nothing; after recovery the target holds every payload of every run exactly once and the
 * spool is empty. For the Pushgateway, killed and restarted: the newest state is there after
 * recovery, and the results said what happened.
 */
class DeliveryFaultIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @TempDir Path spool;
  private FaultyCatalog catalog;
  private ReportLoop loop;

  private ReportLoop loop(FaultyCatalog target) {
    return loop(target, TIMEOUT);
  }

  private ReportLoop loop(FaultyCatalog target, Duration timeout) {
    catalog = target;
    loop = new ReportLoop(timeout, spool, b -> b.webhookUrl(target.url()).webhookSecret("s3cret"));
    return loop;
  }

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
    if (catalog != null) {
      catalog.close();
    }
  }

  /** After recovery: every payload made is stored once, as sent; nothing waits; none lost. */
  private void assertEverythingStoredOnce() {
    assertEquals(loop.expected(), catalog.stored());
    assertEquals(loop.made.size(), loop.deliveredByClient(), "each payload counted delivered once");
    assertEquals(0, loop.spoolFiles());
  }

  private static void assertSpooledNotLost(ReportResult r, int waiting) {
    TargetResult w = webhook(r);
    assertEquals(0, w.delivered(), r.toString());
    assertEquals(waiting, w.spooled(), r.toString());
    assertEquals(0, w.dropped(), r.toString());
    assertTrue(!w.failures().isEmpty() && !r.allDelivered(), r.toString());
  }

  private static void assertAllDelivered(ReportResult r, int delivered) {
    TargetResult w = webhook(r);
    assertEquals(delivered, w.delivered(), r.toString());
    assertTrue(r.allDelivered(), r.toString());
  }

  @Test
  void targetRefusingConnectionsForThreeReportsGetsEverythingOnceAfterRecovery() {
    loop(FaultyCatalog.stopped());
    for (int i = 1; i <= 3; i++) {
      assertSpooledNotLost(loop.report(), 3 * i);
    }
    catalog.listen();
    assertAllDelivered(loop.report(), 12);
    assertEverythingStoredOnce();
    Figures.record(
        "refused x3", "reports " + loop.durations() + "; duplicates " + catalog.duplicates());
  }

  @Test
  void serverErrorsForAWhileAreRetriedThenSpooledThenDelivered() {
    loop(FaultyCatalog.start());
    catalog.behave(Fault.SERVER_ERRORS);
    assertSpooledNotLost(loop.report(), 3);
    ReportResult second = loop.report();
    assertSpooledNotLost(second, 6);
    assertTrue(webhook(second).retried() > 0, second.toString());

    catalog.behave(Fault.NONE);
    catalog.behaveNext(4, Fault.SERVER_ERRORS);
    ReportResult recovered = loop.report();
    assertAllDelivered(recovered, 9);
    assertTrue(webhook(recovered).retried() >= 4, recovered.toString());
    assertEverythingStoredOnce();
    Figures.record(
        "500/503", "reports " + loop.durations() + "; requests failed " + catalog.failedRequests());
  }

  @Test
  void tooManyRequestsWithRetryAfterIsHonoured() {
    loop(FaultyCatalog.start());
    catalog.retryAfterSeconds(1);
    catalog.behaveNext(3, Fault.TOO_MANY_REQUESTS);
    ReportResult waited = loop.report();
    assertAllDelivered(waited, 3);
    assertEquals(3, webhook(waited).retried(), waited.toString());
    for (String key : loop.expected().keySet()) {
      List<Long> at = catalog.arrivals(key);
      assertEquals(2, at.size(), key);
      assertTrue(
          at.get(1) - at.get(0) >= TimeUnit.MILLISECONDS.toNanos(990),
          "Retry-After: 1 not honoured");
    }

    catalog.retryAfterSeconds(120); // beyond the report's deadline: spool at once, do not wait
    catalog.behave(Fault.TOO_MANY_REQUESTS);
    assertSpooledNotLost(loop.report(), 3);

    catalog.behave(Fault.NONE);
    assertAllDelivered(loop.report(), 6);
    assertEverythingStoredOnce();
    Figures.record("429 Retry-After", "reports " + loop.durations() + " (1 s, 120 s, recovered)");
  }

  @Test
  void targetAcceptingAndNeverAnsweringHoldsNoReportPastItsDeadline() {
    loop(FaultyCatalog.start());
    catalog.behave(Fault.NO_RESPONSE);
    assertSpooledNotLost(loop.report(), 3);
    assertSpooledNotLost(loop.report(), 6);

    catalog.behave(Fault.NONE);
    assertAllDelivered(loop.report(), 9);
    assertEverythingStoredOnce();
    Figures.record("no response", "reports " + loop.durations());
  }

  @Test
  void connectionsResetMidRequestOrBeforeTheAnswerLoseNothingAndDuplicateNothing() {
    loop(FaultyCatalog.start());
    catalog.behave(Fault.RESET_DURING_REQUEST_BODY);
    assertSpooledNotLost(loop.report(), 3);
    catalog.behave(Fault.STORE_THEN_RESET); // stored, but the reporter cannot know
    assertSpooledNotLost(loop.report(), 6);
    assertEquals(
        6, catalog.stored().size(), "the backlog and the new payloads were stored, unanswered");

    catalog.behave(Fault.NONE);
    assertAllDelivered(loop.report(), 9);
    assertEverythingStoredOnce();
    assertTrue(
        catalog.duplicates() >= 3, "redeliveries of stored payloads are recognised as duplicates");
    Figures.record(
        "reset mid-body",
        "reports " + loop.durations() + "; duplicates recognised " + catalog.duplicates());
  }

  @Test
  void targetAnsweringSlowlyPastTheTimeoutIsCutAtTheDeadline() {
    loop(FaultyCatalog.start());
    catalog.slowAnswer(TIMEOUT.plusSeconds(2));
    catalog.behave(Fault.SLOW_ANSWER); // stored at once, answered after the deadline
    assertSpooledNotLost(loop.report(), 3);

    catalog.behave(Fault.SLOW_BODY); // 200 at once, body trickling for minutes: delivered
    assertAllDelivered(loop.report(), 6);

    catalog.behave(Fault.NONE);
    assertAllDelivered(loop.report(), 3);
    assertEverythingStoredOnce();
    assertTrue(
        catalog.duplicates() >= 3, "the slow answers' payloads came again and were recognised");
    Figures.record(
        "slow answer",
        "reports " + loop.durations() + "; duplicates recognised " + catalog.duplicates());
  }

  @Test
  void thousandsOfPayloadsToSpoolStillReturnWithinAShortDeadline() {
    manyPayloads(TIMEOUT, 1_000, 4_000);
  }

  @Test
  void thousandsOfPayloadsToSpoolWithTheDefaultTimeout() {
    manyPayloads(Duration.ofSeconds(30), 4_000);
  }

  /**
   * Reports of thousands of kinds to a target that never answers: each returns within its deadline
   * with every payload spooled or counted dropped (the oldest first); then all spooled arrive.
   */
  private void manyPayloads(Duration timeout, int... kindsPerReport) {
    loop(FaultyCatalog.start(), timeout);
    catalog.behave(Fault.NO_RESPONSE);
    StringBuilder figures = new StringBuilder();
    int dropped = 0;
    for (int kinds : kindsPerReport) {
      long waiting = loop.spoolFiles();
      ReportResult r = loop.report(kinds);
      TargetResult w = webhook(r);
      long spooledNow = w.spooled() - waiting;
      assertEquals(
          kinds + 1, spooledNow + w.dropped(), "every payload spooled or counted dropped: " + w);
      assertEquals(w.spooled(), loop.spoolFiles());
      dropped += w.dropped();
      figures
          .append(kinds + 1)
          .append(" payloads: ")
          .append(r.took().toMillis())
          .append(" ms, spooled ")
          .append(spooledNow)
          .append(", dropped ")
          .append(w.dropped())
          .append("; ");
    }
    catalog.behave(Fault.NONE);
    long backlog = loop.spoolFiles();
    int redeliveries = 0;
    long took = 0;
    while (loop.spoolFiles() > 0
        && redeliveries < 40) { // each push --spool delivers what fits in time
      ReportResult r = loop.redeliver();
      redeliveries++;
      took += r.took().toMillis();
    }
    assertEquals(0, loop.spoolFiles());
    Set<String> stored = catalog.stored().keySet();
    assertTrue(loop.expected().keySet().containsAll(stored));
    assertEquals(
        loop.made.size() - dropped, stored.size(), "all but those counted dropped arrived");
    loop.made.stream()
        .filter(p -> p.kindIdentifier().equals("__runtime__"))
        .forEach(
            p ->
                assertTrue(
                    stored.contains(p.idempotencyKey()), "the newest of a run is never dropped"));
    figures
        .append("then ")
        .append(backlog)
        .append(" redelivered by ")
        .append(redeliveries)
        .append(" push --spool runs in ")
        .append(took)
        .append(" ms");
    Figures.record("many payloads, timeout " + timeout.toSeconds() + " s", figures.toString());
  }

  @Test
  void pushgatewayKilledAndRestartedGetsTheNewestStateNotTheBacklog() throws Exception {
    int port = FreePort.find();
    PushgatewayProcess pg = PushgatewayProcess.start(port);
    try {
      loop = new ReportLoop(TIMEOUT, spool, b -> b.pushgatewayUrl("http://127.0.0.1:" + port));
      assertEquals(1, pushgateway(loop.report()).delivered());

      pg.kill();
      for (int i = 0; i < 2; i++) {
        ReportResult down = loop.report();
        TargetResult p = pushgateway(down);
        assertEquals(0, p.delivered(), down.toString());
        assertEquals(1, p.spooled(), down.toString());
        assertTrue(
            p.retried() > 0 && !p.failures().isEmpty() && !down.allDelivered(), down.toString());
      }
      assertEquals(1, pushStateFiles(), "one state kept per group, not the backlog");

      pg = PushgatewayProcess.start(port); // memory only: it lost every group
      ReportResult redelivered = loop.redeliver(); // push --spool
      assertEquals(1, pushgateway(redelivered).delivered(), redelivered.toString());
      Map<String, Double> m = PushgatewayGroups.samples(pg.baseUrl(), "github-prod");
      assertEquals(300, m.get(RAW_EXTRACTED), "the newest run kept (the third) is pushed");
      assertEquals(0, pushStateFiles());

      long beforeFourth = System.currentTimeMillis() / 1000;
      assertTrue(loop.report().allDelivered());
      m = PushgatewayGroups.samples(pg.baseUrl(), "github-prod");
      assertEquals(400, m.get(RAW_EXTRACTED));
      assertEquals(
          4, m.get("sync_runs{state=completed}"), "runs of this process, failed pushes included");
      assertTrue(m.get("push_time_seconds{}") >= beforeFourth);
      assertEquals(0, m.get("push_failure_time_seconds{}"), "the Pushgateway saw no failed push");
      assertTrue(m.get("sync_last_success_timestamp_seconds{kind=__runtime__}") >= beforeFourth);
      Figures.record(
          "Pushgateway killed",
          "reports " + loop.durations() + " (up, down, down, push --spool after restart, up)");
    } finally {
      pg.close();
    }
  }

  private static final String RAW_EXTRACTED =
      "sync_object_count{kind=repository,kind_index=0,object_count_type=raw_extracted,phase=extract}";

  private long pushStateFiles() throws Exception {
    Path dir = spool.resolve("pushgateway");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(".json")).count();
    }
  }
}
