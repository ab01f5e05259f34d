package dev.syncmetrics.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a fixed loopback port in front of a real server, which can refuse connections,
 * swallow requests, cut the connection after the server answered but before the answer reaches the
 * client, or hold the answer back. The backend may change (a restarted server on a new port) while
 * clients keep the proxy's address.
 *
 * <pre>{@code
 * try (TcpFaultProxy proxy = TcpFaultProxy.start(catalog.port())) {
 *   proxy.mode(TcpFaultProxy.Mode.CUT_BEFORE_ANSWER);   // the server commits, the client never knows
 *   ... requests to proxy.url("/webhook") ...
 * }
 * }</pre>
 */
public final class TcpFaultProxy implements AutoCloseable {
  /** What happens to requests and answers. */
  public enum Mode {
    /** Both ways, as they are. */
    PASS,
    /** Requests are read and dropped; no answer ever comes. */
    BLACKHOLE,
    /** Requests reach the server; its answer is dropped and the connection closed. */
    CUT_BEFORE_ANSWER,
    /** Answers are held back for {@link #delay(Duration)} before they are passed on. */
    DELAY_ANSWER,
  }

  private final int port;
  private volatile int backendPort;
  private volatile Mode mode = Mode.PASS;
  private volatile Duration delay = Duration.ofSeconds(5);
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket listener;

  private TcpFaultProxy(int port, int backendPort) {
    this.port = port;
    this.backendPort = backendPort;
  }

  /** A proxy listening on a free port, passing everything to {@code backendPort}. */
  public static TcpFaultProxy start(int backendPort) {
    TcpFaultProxy proxy = new TcpFaultProxy(FreePort.find(), backendPort);
    proxy.listen();
    return proxy;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public void backend(int backendPort) {
    this.backendPort = backendPort;
  }

  /** Changes what happens from now on; connections open now are closed, as a restart would. */
  public void mode(Mode mode) {
    this.mode = mode;
    dropConnections();
  }

  public void delay(Duration delay) {
    this.delay = delay;
  }

  /** Listens (again) on the proxy's port. */
  public synchronized void listen() {
    if (listener != null) {
      return;
    }
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      listener = s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + port, e);
    }
    ServerSocket s = listener;
    daemon(
        "proxy-accept-" + port,
        () -> {
          while (!s.isClosed()) {
            try {
              serve(s.accept());
            } catch (IOException closed) {
              return;
            }
          }
        });
  }

  /** Stops listening and closes every connection: new connections are refused. */
  public synchronized void refuse() {
    if (listener != null) {
      closeQuietly(listener);
      listener = null;
    }
    dropConnections();
  }

  private void serve(Socket client) {
    open.add(client);
    Socket backend = new Socket();
    try {
      backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), 2000);
    } catch (IOException down) {
      closeQuietly(client);
      open.remove(client);
      return;
    }
    open.add(backend);
    boolean[] awaitingAnswer = {false};
    daemon("proxy-up-" + port, () -> pump(client, backend, true, awaitingAnswer));
    daemon("proxy-down-" + port, () -> pump(backend, client, false, awaitingAnswer));
  }

  private void pump(Socket from, Socket to, boolean request, boolean[] awaitingAnswer) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        Mode now = mode;
        if (request) {
          if (now == Mode.BLACKHOLE) {
            continue;
          }
          synchronized (awaitingAnswer) {
            awaitingAnswer[0] = true;
          }
        } else if (now == Mode.CUT_BEFORE_ANSWER) {
          break;
        } else if (now == Mode.DELAY_ANSWER) {
          boolean first;
          synchronized (awaitingAnswer) {
            first = awaitingAnswer[0];
            awaitingAnswer[0] = false;
          }
          if (first) {
            Thread.sleep(delay.toMillis());
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException closed) {
      // one side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private void dropConnections() {
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    refuse();
  }
}
