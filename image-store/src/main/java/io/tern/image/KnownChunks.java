package io.tern.image;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Chunks this process has recently uploaded, with where they are stored (pack and offset), so a
 * later write of the same content — another job, or a job without a previous manifest — can reuse
 * them. Bounded in size; an entry expires a time-to-live (the chunk reuse window, ADR 0003) after
 * its pack was written, so the cache can never vouch for a chunk long after a garbage collector
 * might have removed it (the collector's grace period must exceed this TTL plus the longest image
 * write).
 *
 * <p>Thread-safe.
 */
final class KnownChunks {

  /** Default time-to-live of an entry. */
  static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** Default capacity: about 16 GiB of 64 KiB chunks, ~40 MiB of heap. */
  static final int DEFAULT_CAPACITY = 250_000;

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> seen;

  KnownChunks(Clock clock, Duration ttl, int capacity) {
    this.clock = clock;
    this.ttl = ttl;
    this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Whether {@code hash} was seen in storage less than the TTL ago. */
  boolean contains(String hash) {
    return find(hash).isPresent();
  }

  /** How chunk {@code hash} is stored, if it was seen in storage less than the TTL ago. */
  synchronized Optional<ChunkRef> find(String hash) {
    Entry entry = seen.get(hash);
    if (entry == null) {
      return Optional.empty();
    }
    if (!new ChunkReuseWindow(clock, ttl).mayReuse(entry.seenAt())) {
      seen.remove(hash);
      return Optional.empty();
    }
    return Optional.of(entry.ref());
  }

  /** Records that the chunk object {@code ref} describes exists in storage now. */
  synchronized void add(ChunkRef ref) {
    add(ref, clock.instant());
  }

  /**
   * Records that the chunk object {@code ref} describes exists in storage, last written at
   * {@code writtenAt}; the entry expires a TTL after that time (not after now), so the cache never
   * vouches for an object older than the TTL (the chunk reuse window, ADR 0003).
   */
  synchronized void add(ChunkRef ref, java.time.Instant writtenAt) {
    seen.remove(ref.hash());
    seen.put(ref.hash(), new Entry(ref, writtenAt));
  }

  /** Forgets {@code hash}, e.g. after a read found it missing. */
  synchronized void remove(String hash) {
    seen.remove(hash);
  }

  private record Entry(ChunkRef ref, Instant seenAt) {}
}
