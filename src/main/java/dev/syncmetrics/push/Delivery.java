package dev.syncmetrics.push;

import dev.syncmetrics.Payload;
import dev.syncmetrics.ReportResult;
import dev.syncmetrics.ReportResult.TargetResult;
import dev.syncmetrics.payload.PayloadReader;
import dev.syncmetrics.record.RunSnapshot;
import dev.syncmetrics.spool.Spool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one report to both targets at once within a deadline: spooled payloads first (oldest
 * first), then the new ones, to the webhook; the run's state to the Pushgateway. What is not
 * delivered by the deadline is spooled for the next report. Never throws.
 */
public final class Delivery {
  private static final Logger logger = LoggerFactory.getLogger(Delivery.class);

  private final WebhookSink webhook;
  private final PushgatewaySink pushgateway;
  private final String job;
  private final Spool spool;
  private final PushState pushState;
  private final ExecutorService executor;
  private final int concurrency;
  private final Duration timeout;
  private final LongSupplier nanoTime;

  /**
   * @param webhook null when the webhook is off
   * @param pushgateway null when pushing is off
   */
  public Delivery(WebhookSink webhook, PushgatewaySink pushgateway, String job, Spool spool, PushState pushState,
      ExecutorService executor, int concurrency, Duration timeout, LongSupplier nanoTime) {
    this.webhook = webhook;
    this.pushgateway = pushgateway;
    this.job = job;
    this.spool = spool;
    this.pushState = pushState;
    this.executor = executor;
    this.concurrency = concurrency;
    this.timeout = timeout;
    this.nanoTime = nanoTime;
  }

  public PushState pushState() {
    return pushState;
  }

  /** Delivers a finished run: its payloads and its Pushgateway state. */
  public ReportResult report(RunSnapshot run, List<Payload> payloads) {
    pushState.runFinished(run);
    return deliver(run.eventId(), run.state(), payloads, List.of(run), true);
  }

  /** Delivers whatever is spooled (the {@code push --spool} command). */
  public ReportResult redeliverSpool() {
    List<RunSnapshot> states = new ArrayList<>();
    if (pushgateway != null) {
      for (String group : spool.pushStateGroups()) {
        spool.pushState(group).ifPresent(p -> states.add(PayloadReader.run(p)));
      }
    }
    return deliver("spool", "redelivered", List.of(), states, true);
  }

  /** Delivers given payloads and pushes given runs (the {@code push FILE} command). */
  public ReportResult deliverPayloads(List<Payload> payloads, List<RunSnapshot> runs) {
    for (RunSnapshot run : runs) {
      pushState.runFinished(run);
    }
    return deliver(payloads.isEmpty() ? "files" : payloads.get(0).eventId(), "pushed", payloads, runs, false);
  }

  private ReportResult deliver(String eventId, String state, List<Payload> fresh, List<RunSnapshot> pushes,
      boolean drainSpool) {
    long start = nanoTime.getAsLong();
    long deadline = start + timeout.toNanos();
    long reserve = Math.min(timeout.toNanos() / 5, TimeUnit.SECONDS.toNanos(1));
    long deliveryDeadline = deadline - reserve;
    List<TargetResult> targets = new ArrayList<>();
    List<Future<?>> pushFutures = new ArrayList<>();
    PushOutcome[] pushOutcomes = new PushOutcome[pushes.size()];
    try {
      if (pushgateway != null) {
        for (int i = 0; i < pushes.size(); i++) {
          int n = i;
          RunSnapshot run = pushes.get(i);
          pushFutures.add(executor.submit(() -> pushOutcomes[n] = push(run, deliveryDeadline)));
        }
      }
      if (webhook != null) {
        targets.add(sendWebhooks(fresh, drainSpool, deliveryDeadline, deadline));
      }
      if (pushgateway != null) {
        targets.add(awaitPushes(pushes, pushFutures, pushOutcomes, deliveryDeadline));
      }
    } catch (RuntimeException | Error e) {
      logger.warn("syncmetrics: report of run {} failed unexpectedly: {}", eventId, e.toString());
      targets.add(new TargetResult("report", 0, 0, 0, 0, List.of("unexpected " + e.getClass().getSimpleName())));
    }
    ReportResult result = new ReportResult(eventId, state, fresh, targets,
        Duration.ofNanos(nanoTime.getAsLong() - start));
    log(result);
    return result;
  }

  private TargetResult sendWebhooks(List<Payload> fresh, boolean drainSpool, long deliveryDeadline, long deadline) {
    List<String> failures = new ArrayList<>();
    int spooledCount = 0;
    int dropped = 0;
    try (Spool.Claim claim = drainSpool ? spool.claim() : emptyClaim()) {
      List<Payload> backlog = claim.payloads();
      WebhookBatch batch = new WebhookBatch(webhook, executor, concurrency, nanoTime);
      List<WebhookSink.Outcome> outcomes = batch.send(concat(backlog, fresh), deliveryDeadline,
          Math.max(0, deadline - deliveryDeadline) / 2);
      int delivered = 0;
      List<Payload> toSpool = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        boolean old = i < backlog.size();
        Payload p = old ? backlog.get(i) : fresh.get(i - backlog.size());
        WebhookSink.Outcome o = outcomes.get(i);
        WebhookSink.Status status = o == null ? WebhookSink.Status.FAILED : o.status();
        if (status == WebhookSink.Status.DELIVERED) {
          delivered++;
        } else if (status == WebhookSink.Status.REJECTED) {
          dropped++;
          failures.add(p.kindIdentifier() + " rejected: " + o.error());
          logger.warn("syncmetrics: webhook {} rejected payload {} for good: {}", webhook.describe(), p.idempotencyKey(), o.error());
        } else if (!old) {
          toSpool.add(p);
        }
        if (old && status != WebhookSink.Status.FAILED) {
          claim.done(p);
        }
        if (status == WebhookSink.Status.FAILED) {
          String why = o == null ? "not sent before the report deadline" : o.error();
          if (failures.size() < 5) {
            failures.add(p.kindIdentifier() + ": " + why);
          }
        }
      }
      if (!toSpool.isEmpty()) {
        try {
          Spool.SaveResult saved = spool.save(toSpool);
          spooledCount = saved.saved();
          dropped += saved.dropped();
        } catch (java.io.IOException | RuntimeException e) {
          dropped += toSpool.size();
          failures.add("cannot spool " + toSpool.size() + " payloads: " + e.getMessage());
          logger.warn("syncmetrics: {} undelivered payloads are lost: cannot write the spool: {}", toSpool.size(), e.getMessage());
        }
      }
      return new TargetResult("webhook", delivered, batch.retried(), spooledCount, dropped, failures);
    }
  }

  private record PushOutcome(boolean delivered, String error) {}

  private PushOutcome push(RunSnapshot run, long deliveryDeadline) {
    try {
      int remaining = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deliveryDeadline - nanoTime.getAsLong()));
      if (!pushState.seeded()) {
        try {
          pushState.seed(pushgateway.readLastSuccess(run.integrationType(), run.integrationIdentifier(),
              Math.max(1, remaining / 4)));
        } catch (java.io.IOException e) {
          logger.debug("syncmetrics: could not read earlier last-success times: {}", e.getMessage());
        }
        remaining = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deliveryDeadline - nanoTime.getAsLong()));
      }
      pushgateway.push(run, pushState, remaining);
      spool.clearPushState(group(run));
      return new PushOutcome(true, null);
    } catch (java.io.IOException | RuntimeException e) {
      return new PushOutcome(false, e.getMessage());
    }
  }

  private TargetResult awaitPushes(List<RunSnapshot> pushes, List<Future<?>> futures, PushOutcome[] outcomes,
      long deliveryDeadline) {
    int delivered = 0;
    int spooled = 0;
    int dropped = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      try {
        futures.get(i).get(Math.max(0, deliveryDeadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pushgateway.abort();
        futures.get(i).cancel(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        // recorded as a failed outcome below
      }
      PushOutcome o = outcomes[i];
      RunSnapshot run = pushes.get(i);
      if (o != null && o.delivered()) {
        delivered++;
        continue;
      }
      failures.add(o == null ? "push to " + pushgateway.describe() + " did not finish before the report deadline" : o.error());
      try {
        spool.savePushState(group(run), new dev.syncmetrics.payload.PayloadWriter(dev.syncmetrics.SyncReporter.VERSION).write(run));
        spooled++;
      } catch (java.io.IOException | RuntimeException e) {
        dropped++;
        failures.add("cannot keep the Pushgateway state: " + e.getMessage());
      }
    }
    return new TargetResult("pushgateway", delivered, 0, spooled, dropped, failures);
  }

  private String group(RunSnapshot run) {
    return job + "/" + run.integrationType() + "/" + run.integrationIdentifier();
  }

  private static List<Payload> concat(List<Payload> a, List<Payload> b) {
    List<Payload> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }

  private static Spool.Claim emptyClaim() {
    return new Spool.Claim() {
      @Override public List<Payload> payloads() { return List.of(); }
      @Override public void done(Payload payload) {}
      @Override public void close() {}
    };
  }

  private static void log(ReportResult result) {
    if (result.allDelivered()) {
      logger.info("syncmetrics: {}", result);
    } else {
      logger.warn("syncmetrics: {}", result);
    }
  }

  /** For tests and diagnostics. */
  Optional<WebhookSink> webhook() {
    return Optional.ofNullable(webhook);
  }
}
