package dev.syncmetrics.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {
  @Test
  void socketsComeFromTheClientsOwnFactoryWithNagleOff() throws IOException {
    AtomicInteger made = new AtomicInteger();
    SocketFactory counting =
        new SocketFactory() {
          @Override
          public Socket createSocket() {
            made.incrementAndGet();
            return new Socket();
          }

          @Override
          public Socket createSocket(String h, int p) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Socket createSocket(String h, int p, InetAddress l, int lp) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Socket createSocket(InetAddress h, int p) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Socket createSocket(InetAddress h, int p, InetAddress l, int lp) {
            throw new UnsupportedOperationException();
          }
        };
    OkHttpClient client =
        NoDelaySocketFactory.on(new OkHttpClient.Builder().socketFactory(counting).build());
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket s = client.socketFactory().createSocket()) {
      s.connect(server.getLocalSocketAddress());
      assertTrue(s.getTcpNoDelay());
      assertEquals(1, made.get(), "the client's own factory made the socket");
    }
  }

  @Test
  void wrappingTwiceKeepsOneClientSoConnectionsArePooledTogether() {
    OkHttpClient once = NoDelaySocketFactory.on(new OkHttpClient());
    assertSame(once, NoDelaySocketFactory.on(once));
  }
}
