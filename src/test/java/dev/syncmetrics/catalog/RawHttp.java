package dev.syncmetrics.catalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client would send: the bytes go out as given,
 * and the first answer is read back (status, headers, body by its {@code Content-Length}).
 *
 * <pre>{@code
 * RawHttp.Answer a = RawHttp.exchange(port, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(...));
 * }</pre>
 */
final class RawHttp {
  private RawHttp() {}

  /** The first answer on a connection, or {@code status} -1 when the server sent nothing. */
  record Answer(int status, Map<String, String> headers, String body, String raw) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Sends {@code request}, half-closes nothing, and reads the first answer (10 s at most). */
  static Answer exchange(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException closedWhileSending) {
        // the server may answer and close before reading everything: read what it said
      }
      return read(socket.getInputStream());
    }
  }

  static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    try {
      while (last4 != 0x0D0A0D0A) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
        last4 = (last4 << 8) | b;
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // whatever arrived is the answer
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1);
    if (headText.isEmpty()) {
      return new Answer(-1, Map.of(), "", "");
    }
    String[] lines = headText.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = new byte[0];
    String length = headers.get("content-length");
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), headText);
  }
}
