package io.tern.sdk;

import java.nio.file.Path;
import java.util.Map;

/** What the runtime tells a job about the attempt it runs in. */
public interface JobContext {

  /** The scheduler's id of the job. */
  String jobId();

  /** The attempt number (1, 2, 3, ...); a job moved or restarted runs in a new attempt. */
  int attempt();

  /** True when this attempt started from a checkpoint rather than from {@link CheckpointableJob#init}. */
  boolean restored();

  /** The parameters the job was submitted with. */
  Map<String, String> parameters();

  /** A string parameter, or {@code defaultValue} when absent. */
  default String param(String name, String defaultValue) {
    return parameters().getOrDefault(name, defaultValue);
  }

  /** A long parameter; throws IllegalArgumentException naming the parameter when malformed. */
  default long longParam(String name, long defaultValue) {
    String v = parameters().get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter '" + name + "' must be an integer, got '" + v + "'");
    }
  }

  /** An int parameter; throws IllegalArgumentException naming the parameter when malformed. */
  default int intParam(String name, int defaultValue) {
    long v = longParam(name, defaultValue);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("parameter '" + name + "' is out of range: " + v);
    }
    return (int) v;
  }

  /** A double parameter; throws IllegalArgumentException naming the parameter when malformed. */
  default double doubleParam(String name, double defaultValue) {
    String v = parameters().get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter '" + name + "' must be a number, got '" + v + "'");
    }
  }

  /**
   * A directory whose files are part of the job's state. The job writes its output files here
   * (regular files and subdirectories only: links, devices and FIFOs make checkpoints fail). Every
   * checkpoint stores the files as they are at that step boundary, with the state; an attempt restored
   * from a checkpoint finds the directory exactly as it was then, so lines appended after the
   * checkpoint are gone and are written again by the steps the restored attempt redoes: output written
   * from the state appears exactly once. Files that only grow are cheap to checkpoint (only the new
   * part is uploaded); each checkpoint pauses the job while the directory is copied, so keep it to
   * what the job must keep. The directory exists when {@code init} or the first step after a
   * restore runs; it is deleted with the attempt directory when the attempt ends.
   */
  Path outputDir();

  /** Writes a line to the attempt's log. */
  void log(String message);
}
