package io.tern.image;

import java.nio.file.Path;

/**
 * The rules for the path of a file in a job's output directory as a manifest stores it: relative,
 * {@code /}-separated, every segment a real name. No leading or trailing {@code /}, no empty
 * segment, no {@code .} or {@code ..}, no NUL or backslash, at most {@value #MAX_LENGTH} UTF-16
 * characters. Such a path can never name anything outside the directory it is resolved against
 * (links are a separate matter: writers refuse them, readers create plain files only).
 */
public final class OutputPaths {

  /** Longest accepted path, in characters. */
  public static final int MAX_LENGTH = 1024;

  private OutputPaths() {}

  /** Why {@code path} is not an acceptable output path, or null when it is. */
  public static String problem(String path) {
    if (path == null || path.isEmpty()) {
      return "the path is empty";
    }
    if (path.length() > MAX_LENGTH) {
      return "the path is longer than " + MAX_LENGTH + " characters";
    }
    if (path.startsWith("/")) {
      return "the path is absolute";
    }
    if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
      return "the path contains a NUL or a backslash";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        return "the path has an empty segment";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "the path has a '" + segment + "' segment";
      }
    }
    return null;
  }

  /** Whether {@code path} is an acceptable output path. */
  public static boolean isValid(String path) {
    return problem(path) == null;
  }

  /**
   * {@code path} resolved against {@code dir}.
   *
   * @throws IllegalArgumentException if the path is not acceptable
   */
  public static Path resolve(Path dir, String path) {
    String problem = problem(path);
    if (problem != null) {
      throw new IllegalArgumentException("output path '" + printable(path) + "' refused: " + problem);
    }
    Path resolved = dir.resolve(path).normalize();
    if (!resolved.startsWith(dir.normalize())) {
      throw new IllegalArgumentException("output path '" + printable(path) + "' refused: it leaves the directory");
    }
    return resolved;
  }

  /** {@code path} relative to {@code dir}, in the manifest's form (segments joined with {@code /}). */
  public static String relative(Path dir, Path file) {
    Path relative = dir.relativize(file);
    StringBuilder joined = new StringBuilder();
    for (Path segment : relative) {
      if (!joined.isEmpty()) {
        joined.append('/');
      }
      joined.append(segment);
    }
    return joined.toString();
  }

  /** The path with control characters replaced, for messages. */
  public static String printable(String path) {
    if (path == null) {
      return "null";
    }
    String cut = path.length() > 200 ? path.substring(0, 200) + "…" : path;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
