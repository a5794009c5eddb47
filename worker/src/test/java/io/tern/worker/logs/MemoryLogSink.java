package io.tern.worker.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Log segments kept in memory, in key order; {@link #failNext(int)} makes the next puts fail. */
public final class MemoryLogSink implements LogSegmentSink {

  /** A stored segment. */
  public record Stored(long jobId, int attempt, long offset, String text) {}

  private final Map<String, Stored> segments = new TreeMap<>();
  private int failures;
  private int puts;

  /** The next {@code n} puts throw. */
  public synchronized void failNext(int n) {
    failures = n;
  }

  @Override
  public synchronized void put(long jobId, int attempt, long offset, byte[] data) throws IOException {
    puts++;
    if (failures > 0) {
      failures--;
      throw new IOException("storage refused the segment");
    }
    segments.put(String.format("%d/%06d/%016d", jobId, attempt, offset),
        new Stored(jobId, attempt, offset, new String(data, StandardCharsets.UTF_8)));
  }

  @Override
  public synchronized long storedBytes(long jobId) {
    return segments.values().stream().filter(s -> s.jobId() == jobId)
        .mapToLong(s -> s.text().getBytes(StandardCharsets.UTF_8).length).sum();
  }

  /** The stored segments, in log order. */
  public synchronized List<Stored> segments() {
    return new ArrayList<>(segments.values());
  }

  /** How many puts were tried, failed ones included. */
  public synchronized int puts() {
    return puts;
  }
}
