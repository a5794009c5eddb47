package io.tern.sdk;

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

  /** Writes a line to the attempt's log. */
  void log(String message);
}
