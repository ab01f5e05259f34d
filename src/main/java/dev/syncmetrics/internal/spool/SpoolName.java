package dev.syncmetrics.internal.spool;

import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The name of one spooled payload file, which carries what is needed to order, bound and check the
 * file without opening it:
 *
 * <pre>{@code
 * 0001763719200123-000000042-1a2b3c4d-1834-<event_id>_<kind_identifier>.payload.json
 * millis (sorts by age) -seq (ties) -CRC32  -bytes-idempotency key, made file-safe
 * }</pre>
 *
 * <p>The length and CRC32 let a reader recognise a file that is not the whole payload that was
 * written (torn by a crash of the machine, or edited), whatever its content looks like.
 */
record SpoolName(long millis, long sequence, long crc, long length, String key) {
  static final String SUFFIX = ".payload.json";
  private static final int MAX_KEY = 120;

  /** The name for {@code body} saved now. */
  static SpoolName of(long millis, long sequence, String idempotencyKey, byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return new SpoolName(millis, sequence, crc.getValue(), body.length, safe(idempotencyKey));
  }

  String fileName() {
    return String.format(
        "%016d-%09d-%08x-%d-%s%s", millis, sequence % 1_000_000_000L, crc, length, key, SUFFIX);
  }

  /** Parses a payload file name; empty for temporary files and anything else. */
  static Optional<SpoolName> parse(String fileName) {
    if (!fileName.endsWith(SUFFIX) || fileName.startsWith(".")) {
      return Optional.empty();
    }
    String[] parts = fileName.substring(0, fileName.length() - SUFFIX.length()).split("-", 5);
    if (parts.length != 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new SpoolName(
              Long.parseLong(parts[0]),
              Long.parseLong(parts[1]),
              Long.parseLong(parts[2], 16),
              Long.parseLong(parts[3]),
              parts[4]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True when {@code body} is exactly what was written under this name. */
  boolean matches(byte[] body) {
    if (body.length != length) {
      return false;
    }
    CRC32 c = new CRC32();
    c.update(body);
    return c.getValue() == crc;
  }

  private static String safe(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_KEY));
    for (int i = 0; i < s.length() && out.length() < MAX_KEY; i++) {
      char c = s.charAt(i);
      out.append(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_') ? c : '_');
    }
    return out.toString();
  }
}
