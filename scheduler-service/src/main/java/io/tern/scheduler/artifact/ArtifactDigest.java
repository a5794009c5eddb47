package io.tern.scheduler.artifact;

import java.util.regex.Pattern;

/** Artifact ids: {@code sha256:} followed by the 64 lower-case hex digits of the content's SHA-256. */
public final class ArtifactDigest {

  /** The prefix of every artifact id. */
  public static final String PREFIX = "sha256:";

  private static final Pattern ID = Pattern.compile("sha256:[0-9a-f]{64}");

  private ArtifactDigest() {}

  /** The hex digits of {@code id}; 400 {@code invalid-artifact-id} when it is not an artifact id. */
  public static String hexOf(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw ArtifactException.invalidId(id);
    }
    return id.substring(PREFIX.length());
  }

  /** The id of content whose SHA-256 is {@code hex}. */
  public static String idOf(String hex) {
    return PREFIX + hex;
  }
}
