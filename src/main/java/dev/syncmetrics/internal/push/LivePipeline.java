package dev.syncmetrics.internal.push;

import dev.syncmetrics.Clock;
import dev.syncmetrics.Payload;
import dev.syncmetrics.internal.payload.PayloadWriter;
import dev.syncmetrics.internal.record.KindSnapshot;
import dev.syncmetrics.internal.record.RunSnapshot;
import dev.syncmetrics.internal.spool.Journal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a payload goes out while its run goes on: one writer thread builds it and writes it ahead to
 * the spool's journal, together with every payload that is waiting at that moment (one force for
 * them all: group commit); then up to {@code concurrency} sender threads deliver it through the
 * {@link WebhookSink}, which owns the retries. The run is told when its payload is on disk and how
 * its delivery ended. Nothing here blocks the thread that hands a payload over.
 *
 * <pre>{@code
 * pipeline.write(List.of(new LivePipeline.Item(run, header, endedKind, deadline, false)));
 * }</pre>
 */
final class LivePipeline implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(LivePipeline.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** What the pipeline tells the run a payload belongs to. */
  interface Owner {
    /** The payload is built and, unless {@code entry} is null (the journal failed), on disk. */
    void written(Item item);

    /** Its delivery ended. */
    void settled(Item item, WebhookSink.Outcome outcome);

    /** Its payload could not be built, so it is never sent: it ends here, dropped. */
    void unbuildable(Item item, String why);
  }

  /** Opens (once) the journal that payloads are written ahead to. */
  interface JournalSource {
    Journal journal() throws IOException;
  }

  /** One payload on its way: built from {@code kind} against {@code run}, or given as it is. */
  static final class Item {
    final Owner owner;
    final RunSnapshot run;
    final KindSnapshot kind;
    final long deadlineNanos;
    volatile Payload payload;
    volatile Journal.Entry entry;

    /** Its delivery ended (whatever the outcome). */
    volatile boolean settled;

    /** Its run's report gave up waiting and kept it in the spool. */
    volatile boolean kept;

    private final java.util.concurrent.CountDownLatch writtenAhead =
        new java.util.concurrent.CountDownLatch(1);

    /**
     * Waits until the payload was written ahead (or that failed), at most {@code nanos}.
     *
     * @return true when it was written in time
     */
    boolean awaitWritten(long nanos) {
      try {
        return writtenAhead.await(nanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    Item(Owner owner, RunSnapshot run, KindSnapshot kind, long deadlineNanos) {
      this.owner = owner;
      this.run = run;
      this.kind = kind;
      this.deadlineNanos = deadlineNanos;
    }

    Item(Owner owner, Payload payload, long deadlineNanos) {
      this(owner, null, null, deadlineNanos);
      this.payload = payload;
    }

    String kindIdentifier() {
      return payload != null ? payload.kindIdentifier() : kind.kindIdentifier();
    }
  }

  private final PayloadWriter writer;
  private final JournalSource journals;
  private final WebhookSink sink;
  private final Clock clock;
  private final BlockingQueue<Item> toWrite = new LinkedBlockingQueue<>();
  private final ThreadPoolExecutor senders;
  private Thread writerThread;
  private volatile boolean closed;
  private volatile long journalWarnedAt = Long.MIN_VALUE;

  LivePipeline(
      PayloadWriter writer,
      JournalSource journals,
      WebhookSink sink,
      int concurrency,
      Clock clock) {
    this.writer = writer;
    this.journals = journals;
    this.sink = sink;
    this.clock = clock;
    this.senders =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "syncmetrics-sender-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    senders.allowCoreThreadTimeOut(true);
  }

  /** Hands payloads over to be written ahead (together) and then sent; returns at once. */
  void write(List<Item> items) {
    synchronized (this) {
      if (writerThread == null && !closed) {
        writerThread = new Thread(this::writeLoop, "syncmetrics-write-ahead");
        writerThread.setDaemon(true);
        writerThread.start();
      }
    }
    toWrite.addAll(items);
  }

  private void writeLoop() {
    List<Item> batch = new ArrayList<>();
    while (!closed) {
      try {
        batch.add(toWrite.take());
      } catch (InterruptedException e) {
        return;
      }
      toWrite.drainTo(batch);
      writeAhead(batch);
      batch.clear();
    }
  }

  /** Builds the payloads of a group, writes them with one force, then hands each to its run. */
  private void writeAhead(List<Item> batch) {
    List<Payload> payloads = new ArrayList<>(batch.size());
    for (Item item : batch) {
      try {
        if (item.payload == null) {
          item.payload =
              new Payload(
                  item.run.eventId(),
                  item.kind.kindIdentifier(),
                  writer.write(item.run, item.kind));
        }
        payloads.add(item.payload);
      } catch (RuntimeException e) {
        logger.warn(
            "syncmetrics: cannot build the payload of {}: {}", item.kindIdentifier(), e.toString());
        item.owner.unbuildable(item, "cannot build its payload: " + e);
      }
    }
    List<Journal.Entry> entries = null;
    try {
      entries = journals.journal().write(payloads);
    } catch (IOException | RuntimeException e) {
      long now = clock.nanoTime();
      if (journalWarnedAt == Long.MIN_VALUE || now - journalWarnedAt > 60_000_000_000L) {
        journalWarnedAt = now;
        logger.warn(
            "syncmetrics: cannot write {} payloads ahead to the spool (sent all the same; lost if"
                + " this process dies before they are delivered): {}",
            payloads.size(),
            e.getMessage());
      }
    }
    int i = 0;
    for (Item item : batch) {
      if (item.payload == null) {
        continue;
      }
      if (entries != null) {
        item.entry = entries.get(i++);
      }
      item.writtenAhead.countDown();
      item.owner.written(item);
    }
    for (Item item : batch) {
      item.writtenAhead.countDown(); // one whose payload could not be built: nobody waits for it
    }
  }

  /** Sends one written payload on a sender thread; returns at once. */
  void send(Item item) {
    Runnable job =
        () -> {
          WebhookSink.Outcome o;
          if (clock.nanoTime() >= item.deadlineNanos) {
            o = new WebhookSink.Outcome(WebhookSink.Status.FAILED, 0, "report deadline passed");
          } else {
            try {
              o = sink.send(item.payload, item.deadlineNanos);
            } catch (RuntimeException e) {
              o = new WebhookSink.Outcome(WebhookSink.Status.FAILED, 1, e.toString());
            }
          }
          item.owner.settled(item, o);
        };
    try {
      senders.execute(job);
    } catch (RejectedExecutionException e) {
      item.owner.settled(
          item, new WebhookSink.Outcome(WebhookSink.Status.FAILED, 0, "the reporter is closed"));
    }
  }

  /** Cancels every request in flight (a report's deadline passed). */
  void cancelInFlight() {
    sink.cancelAll();
  }

  /**
   * Stops the threads: payloads still waiting to be written ahead are written first (for up to a
   * second), so that what a run handed over is on disk; sends under way get a second to end.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = writerThread;
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (t != null && !toWrite.isEmpty() && System.nanoTime() < until) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    synchronized (this) {
      closed = true;
    }
    if (t != null) {
      t.interrupt();
    }
    senders.shutdown();
    try {
      senders.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    senders.shutdownNow();
  }
}
