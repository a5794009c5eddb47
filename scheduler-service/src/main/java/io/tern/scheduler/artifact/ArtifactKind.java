package io.tern.scheduler.artifact;

import java.util.Locale;

/** What an uploaded jar is for; stored in {@code artifact_uploads.kind}, shown in lower case. */
public enum ArtifactKind {
  /** A jar with at least one job class: jobs name one of its classes as their entry class. */
  APPLICATION,
  /** A jar a job's application jar needs on its class path; it may have no job class. */
  LIBRARY;

  /** The kind named {@code text} ({@code application} or {@code library}, any case); null when none. */
  static ArtifactKind parse(String text) {
    if (text == null || text.isEmpty()) {
      return APPLICATION;
    }
    for (ArtifactKind k : values()) {
      if (k.name().equalsIgnoreCase(text)) {
        return k;
      }
    }
    throw ArtifactException.invalidUpload("'kind' must be 'application' or 'library', not '" + shorten(text) + "'.");
  }

  /** The kind as the API shows it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static String shorten(String text) {
    return io.tern.scheduler.api.UnsafeCharacters.escape(text.length() > 50 ? text.substring(0, 50) + "..." : text);
  }
}
