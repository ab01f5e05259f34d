package dev.syncmetrics.internal.signature;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The {@value WebhookSignature#IDEMPOTENCY_HEADER} header's value, written by the reporter and read
 * by the catalog: the key {@code <event_id>:<kind_identifier>} with every byte of its UTF-8 that is
 * not visible ASCII, and {@code %} itself, percent-encoded. Any kind name is then a valid header
 * value (HTTP allows only visible ASCII, space and tab in practice), and the catalog gets back
 * exactly the key the body's {@code event_id} and {@code kind_identifier} make.
 *
 * <pre>{@code
 * IdempotencyKey.header("5b1f:café-0")     // "5b1f:caf%C3%A9-0"
 * IdempotencyKey.key("5b1f:caf%C3%A9-0")   // "5b1f:café-0"
 * }</pre>
 *
 * <p>A key of visible ASCII without {@code %} is sent unchanged, as before this encoding. Reading
 * is lenient: a {@code %} not followed by two hex digits, or escapes that are not UTF-8, are kept
 * as they are, so a header from an older reporter reads back as it was sent.
 */
public final class IdempotencyKey {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private IdempotencyKey() {}

  /** The header value for {@code key}. */
  public static String header(String key) {
    if (plain(key)) {
      return key;
    }
    StringBuilder s = new StringBuilder(key.length() + 16);
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%') {
        s.append((char) c);
      } else {
        s.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return s.toString();
  }

  /** The key a header value carries. */
  public static String key(String header) {
    if (header.indexOf('%') < 0) {
      return header;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(header.length());
    int n = header.length();
    for (int i = 0; i < n; i++) {
      char c = header.charAt(i);
      int hi = i + 2 < n ? Character.digit(header.charAt(i + 1), 16) : -1;
      int lo = i + 2 < n ? Character.digit(header.charAt(i + 2), 16) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return header; // not what header() writes: take it as it is
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return header;
    }
  }

  private static boolean plain(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '%') {
        return false;
      }
    }
    return true;
  }
}
