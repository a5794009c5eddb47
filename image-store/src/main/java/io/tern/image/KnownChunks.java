package io.tern.image;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hashes of chunks this process has recently seen in storage (uploaded or found by a stat), so a
 * writer can skip the stat request. Bounded in size; an entry expires after a time-to-live so the
 * cache can never vouch for a chunk long after a garbage collector might have removed it (the
 * collector's grace period must exceed this TTL plus the longest image write).
 *
 * <p>Thread-safe.
 */
final class KnownChunks {

  /** Default time-to-live of an entry. */
  static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** Default capacity: about 100 GiB of 1 MiB chunks, ~10 MiB of heap. */
  static final int DEFAULT_CAPACITY = 100_000;

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Instant> seenAt;

  KnownChunks(Clock clock, Duration ttl, int capacity) {
    this.clock = clock;
    this.ttl = ttl;
    this.seenAt = new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Whether {@code hash} was seen in storage less than the TTL ago. */
  synchronized boolean contains(String hash) {
    Instant seen = seenAt.get(hash);
    if (seen == null) {
      return false;
    }
    if (!clock.instant().isBefore(seen.plus(ttl))) {
      seenAt.remove(hash);
      return false;
    }
    return true;
  }

  /** Records that {@code hash} exists in storage now. */
  synchronized void add(String hash) {
    seenAt.remove(hash);
    seenAt.put(hash, clock.instant());
  }

  /** Forgets {@code hash}, e.g. after a read found it missing. */
  synchronized void remove(String hash) {
    seenAt.remove(hash);
  }
}
