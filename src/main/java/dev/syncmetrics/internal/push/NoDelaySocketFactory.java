package dev.syncmetrics.internal.push;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/**
 * Makes sockets with {@code TCP_NODELAY} on, through whatever factory the client had. OkHttp leaves
 * Nagle's algorithm on, and a request body larger than one Okio segment (8 KiB) then waits for the
 * server's delayed ACK, 40 ms on Linux, before its last bytes go out: a Pushgateway push of 10
 * kinds took 50 ms instead of 8 (docs/performance.md).
 *
 * <pre>{@code
 * OkHttpClient client = NoDelaySocketFactory.on(sharedClient);   // same pool and dispatcher
 * }</pre>
 */
final class NoDelaySocketFactory extends SocketFactory {
  private final SocketFactory delegate;

  private NoDelaySocketFactory(SocketFactory delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
  }

  /**
   * The client with its sockets made by this factory. Call it once and keep the result: connections
   * are pooled per socket factory.
   */
  static OkHttpClient on(OkHttpClient client) {
    if (client.socketFactory() instanceof NoDelaySocketFactory) {
      return client;
    }
    return client
        .newBuilder()
        .socketFactory(new NoDelaySocketFactory(client.socketFactory()))
        .build();
  }

  private static Socket noDelay(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    return s;
  }

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(delegate.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(delegate.createSocket(address, port, localAddress, localPort));
  }
}
