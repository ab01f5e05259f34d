package dev.syncmetrics.internal.catalog.http;

import java.util.regex.Pattern;

/**
 * Makes text fit to show a client: no Java class names (such as Jackson's {@code
 * `StreamReadConstraints.getMaxNestingDepth()`}), no absolute file paths, no control characters,
 * and at most {@link #MAX} characters. Every error message the catalog sends passes through it.
 *
 * <pre>{@code
 * PublicText.of("at com.fasterxml.jackson.core.JsonParser in /srv/x/mappings/a.json")
 *     // "at (internal) in a.json"
 * }</pre>
 */
public final class PublicText {
  /** The longest message sent; longer ones are cut with an ellipsis. */
  static final int MAX = 500;

  /** Backquoted code, as Jackson puts it: {@code (1000, from `X.getY()`)}. */
  private static final Pattern QUOTED_CODE = Pattern.compile(",? *(?:from )?`[^`]*`");

  /**
   * A fully qualified Java name under a usual root package: lower-case package segments, then a
   * capitalised class ({@code com.fasterxml.jackson.core.JsonParser}, {@code java.lang.Foo$Bar}).
   */
  private static final Pattern CLASS_NAME =
      Pattern.compile(
          "\\b(?:java|javax|jdk|sun|com|org|net|io|dev)\\.(?:[a-z_$][a-z0-9_$]*\\.)+"
              + "[A-Z][A-Za-z0-9_$]*(?:\\$[A-Za-z0-9_$]+)*");

  /**
   * An absolute file path under a usual root (so URL paths such as {@code /api/blueprints/x} are
   * left alone), or a Windows path: only its last part is kept.
   */
  private static final Pattern ABSOLUTE_PATH =
      Pattern.compile(
          "(?<![\\w/.])(?:file:)?/(?:home|root|tmp|srv|etc|var|opt|usr|work|mnt|data|Users|private)"
              + "(?:/[^\\s/'\"():,]+)*/([^\\s/'\"():,]+)"
              + "|\\b[A-Za-z]:\\\\(?:[^\\s\\\\'\"]+\\\\)*([^\\s\\\\'\"]+)");

  private PublicText() {}

  /** {@code text} cleaned as described above; null stays null. */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    String out = QUOTED_CODE.matcher(text).replaceAll("");
    out = CLASS_NAME.matcher(out).replaceAll("(internal)");
    out = ABSOLUTE_PATH.matcher(out).replaceAll(m -> m.group(1) != null ? m.group(1) : m.group(2));
    StringBuilder clean = new StringBuilder(Math.min(out.length(), MAX + 3));
    for (int i = 0; i < out.length() && clean.length() < MAX; i++) {
      char c = out.charAt(i);
      clean.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (clean.length() >= MAX && out.length() > MAX) {
      clean.append("...");
    }
    return clean.toString();
  }
}
