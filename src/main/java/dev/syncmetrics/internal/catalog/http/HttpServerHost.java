package dev.syncmetrics.internal.catalog.http;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The catalog's HTTP server: Jetty parses requests on its selector, without a thread per
 * connection, and reads each body without holding a thread while the client is slow ({@link
 * Exchange}). Only a whole request reaches the {@link Router}, on one of a bounded number of
 * workers; when they and their queue are full the request is answered 503 with {@code Retry-After}
 * at once, never by closing the connection. Errors Jetty answers itself (a malformed request line
 * or header, a bad {@code Content-Length}) are JSON too ({@link JsonErrorHandler}).
 *
 * <pre>{@code
 * try (HttpServerHost host = HttpServerHost.start("127.0.0.1", 0, router, ServerLimits.DEFAULT)) {
 *   int port = host.port();
 * }
 * }</pre>
 */
public final class HttpServerHost implements Closeable {
  private final Server server;
  private final ServerConnector connector;
  private final ThreadPoolExecutor workers;

  private HttpServerHost(Server server, ServerConnector connector, ThreadPoolExecutor workers) {
    this.server = server;
    this.connector = connector;
    this.workers = workers;
  }

  /**
   * Listens on {@code bind:port} (port 0: a free one) and answers with {@code router}.
   *
   * @throws BindException when the address is in use or cannot be bound
   * @throws IOException when the server does not start for another reason
   */
  public static HttpServerHost start(String bind, int port, Router router, ServerLimits limits)
      throws IOException {
    ThreadPoolExecutor workers = newWorkers(limits.workers(), limits.queue());
    QueuedThreadPool io = new QueuedThreadPool(Math.max(16, 8 + limits.workers()), 2);
    io.setName("catalog-io");
    io.setDaemon(true);
    ScheduledExecutorScheduler scheduler =
        new ScheduledExecutorScheduler("catalog-scheduler", true);
    Server server = new Server(io, scheduler, null);
    server.setStopTimeout(0);

    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    // the router decodes the raw path itself, segment by segment (an identifier may hold "%2F");
    // Jetty must neither refuse nor resolve such paths
    config.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector =
        new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(bind);
    connector.setPort(port);
    connector.setIdleTimeout(limits.requestTimeout().toMillis());
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    NetworkConnectionLimit cap = new NetworkConnectionLimit(limits.maxConnections(), connector);
    cap.setEndPointIdleTimeout(1000);
    server.addBean(cap);
    server.setErrorHandler(new JsonErrorHandler());
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(
              org.eclipse.jetty.server.Request request,
              org.eclipse.jetty.server.Response response,
              Callback callback) {
            new Exchange(request, response, callback, router, workers, scheduler, limits).start();
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      workers.shutdownNow();
      stopQuietly(server);
      throw startFailure(bind, port, e);
    }
    return new HttpServerHost(server, connector, workers);
  }

  private static IOException startFailure(String bind, int port, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        BindException bind1 = new BindException(bind + ":" + port + ": " + t.getMessage());
        bind1.initCause(e);
        return bind1;
      }
    }
    return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
  }

  private static ThreadPoolExecutor newWorkers(int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, queue)),
            r -> {
              Thread t = new Thread(r, "catalog-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            // refused work is answered 503 by Exchange
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The port listened on (the chosen one when started with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Closes every connection and stops; requests still waiting for a worker are dropped. */
  @Override
  public void close() {
    stopQuietly(server);
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping is best effort: the process is going away or the start failed
    }
  }
}
