package dev.syncmetrics.internal.catalog.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits and percent-decodes request paths and query strings (UTF-8, strict). */
final class PathCodec {
  private PathCodec() {}

  /**
   * The decoded segments of a raw path: {@code /api/blueprints/a%2Fb} gives {@code [api,
   * blueprints, a/b]}. A trailing slash is ignored.
   *
   * @throws HttpError 400 for a malformed escape, bytes that are not UTF-8, or a NUL
   */
  static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    if (rawPath == null) {
      return out;
    }
    for (String raw : rawPath.split("/", -1)) {
      if (!raw.isEmpty()) {
        out.add(decode(raw, false));
      }
    }
    return out;
  }

  /** The literal segments of a route template (no decoding). */
  static List<String> templateSegments(String template) {
    List<String> out = new ArrayList<>();
    for (String part : template.split("/")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  /** The query parameters (first value of each), decoded; '+' is a space. */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
      out.putIfAbsent(name, value);
    }
    return out;
  }

  static String decode(String raw, boolean plusIsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw HttpError.badRequest("malformed percent escape in the URL");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw HttpError.badRequest("malformed percent escape in the URL");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        int cp = raw.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(cp) - 1;
      }
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest("the URL is not valid UTF-8");
    }
    if (decoded.indexOf('\0') >= 0) {
      // no database stores it in text (PostgreSQL refuses it), and no identifier needs it
      throw HttpError.badRequest("the URL contains a NUL character (%00)");
    }
    return decoded;
  }
}
