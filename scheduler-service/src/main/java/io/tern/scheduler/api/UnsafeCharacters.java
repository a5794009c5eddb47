package io.tern.scheduler.api;

/**
 * Characters names must not contain: control characters (U+0000–U+001F, U+007F–U+009F; PostgreSQL
 * cannot even store U+0000) and the bidirectional overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), which make a name display as something else than it is.
 */
public final class UnsafeCharacters {

  /** What a refusal says, after the field's name. */
  public static final String MESSAGE = "must not contain control characters or bidirectional overrides";

  private UnsafeCharacters() {}

  /** True when {@code text} holds at least one unsafe character; false for null. */
  public static boolean in(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (unsafe(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} with each unsafe character written as {@code \\uXXXX}, fit to echo in a message. */
  public static String escape(String text) {
    if (!in(text)) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (unsafe(c)) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean unsafe(char c) {
    return Character.getType(c) == Character.CONTROL
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
