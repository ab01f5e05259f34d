package dev.syncmetrics.payload;

/**
 * Splits a {@code kind_identifier} ({@code <kind>-<index>}) at its last hyphen: kinds may contain
 * hyphens ({@code merge-request-3} is kind {@code merge-request}, index 3) and indexes may have
 * several digits ({@code repository-12}).
 */
public final class KindIdentifiers {
  private KindIdentifiers() {}

  /** The index, or 0 when the identifier has no numeric suffix (such as {@code __runtime__}). */
  public static int index(String kindIdentifier) {
    int dash = kindIdentifier.lastIndexOf('-');
    if (dash < 0 || dash == kindIdentifier.length() - 1) {
      return 0;
    }
    try {
      return Integer.parseInt(kindIdentifier.substring(dash + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The kind, or the whole identifier when it has no numeric suffix. */
  public static String kind(String kindIdentifier) {
    int dash = kindIdentifier.lastIndexOf('-');
    if (dash <= 0) {
      return kindIdentifier;
    }
    String suffix = kindIdentifier.substring(dash + 1);
    return !suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit)
        ? kindIdentifier.substring(0, dash)
        : kindIdentifier;
  }
}
