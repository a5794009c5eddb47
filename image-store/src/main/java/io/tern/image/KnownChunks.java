package io.tern.image;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Chunks this process has recently uploaded, with where they are stored (pack and offset), so a
 * later write of the same content in the same reuse scope — another job of the same owner, or a job
 * without a previous manifest — can reuse them. A chunk is vouched for only in the scope whose write
 * uploaded it: whether a write reuses chunks tells nothing about what other owners stored. Bounded in size; an entry expires a time-to-live (the chunk reuse window, ADR 0003) after
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
  private final Map<Key, Entry> seen;

  KnownChunks(Clock clock, Duration ttl, int capacity) {
    this.clock = clock;
    this.ttl = ttl;
    this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Whether {@code hash} was stored by a write of {@code scope} less than the TTL ago. */
  boolean contains(String scope, String hash) {
    return find(scope, hash).isPresent();
  }

  /** How chunk {@code hash} is stored, if a write of {@code scope} stored it less than the TTL ago. */
  synchronized Optional<ChunkRef> find(String scope, String hash) {
    Key key = new Key(scope, hash);
    Entry entry = seen.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!new ChunkReuseWindow(clock, ttl).mayReuse(entry.seenAt())) {
      seen.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.ref());
  }

  /** Records that a write of {@code scope} stored the chunk object {@code ref} describes now. */
  synchronized void add(String scope, ChunkRef ref) {
    add(scope, ref, clock.instant());
  }

  /**
   * Records that a write of {@code scope} stored the chunk object {@code ref} describes, last written
   * at {@code writtenAt}; the entry expires a TTL after that time (not after now), so the cache never
   * vouches for an object older than the TTL (the chunk reuse window, ADR 0003).
   */
  synchronized void add(String scope, ChunkRef ref, java.time.Instant writtenAt) {
    Key key = new Key(scope, ref.hash());
    seen.remove(key);
    seen.put(key, new Entry(ref, writtenAt));
  }

  /** Forgets {@code hash} in every scope, e.g. after a read found it missing. */
  synchronized void remove(String hash) {
    seen.keySet().removeIf(key -> key.hash().equals(hash));
  }

  private record Key(String scope, String hash) {
    Key {
      java.util.Objects.requireNonNull(scope, "scope");
    }
  }

  private record Entry(ChunkRef ref, Instant seenAt) {}
}
