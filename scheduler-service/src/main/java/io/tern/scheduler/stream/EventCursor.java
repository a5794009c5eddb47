package io.tern.scheduler.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a reader of an append-only table with sequence ids has got to, allowing for ids that become
 * visible out of order. Two transactions may take ids 10 and 11 and commit 11 first; a reader that
 * only asked for "id &gt; last" would skip 10 forever. The cursor therefore remembers the ids it
 * jumped over as <em>gaps</em> and keeps asking for them for a grace period (an id taken by a
 * transaction that rolled back never appears; its gap simply expires).
 *
 * <p>Not thread-safe: one poller owns it.
 */
public final class EventCursor {

  private final Duration gapGrace;
  private final int maxGaps;
  private final Map<Long, Instant> gaps = new LinkedHashMap<>();
  private long last;

  /**
   * @param start the highest id already handled (events up to it are not delivered)
   * @param gapGrace how long a skipped id is looked for
   * @param maxGaps at most this many skipped ids are remembered (the oldest are dropped first)
   */
  public EventCursor(long start, Duration gapGrace, int maxGaps) {
    this.last = start;
    this.gapGrace = gapGrace;
    this.maxGaps = maxGaps;
  }

  /** The highest id seen. */
  public long last() {
    return last;
  }

  /** Skipped ids still worth asking for at {@code now} (expired ones are forgotten). */
  public Set<Long> openGaps(Instant now) {
    gaps.values().removeIf(deadline -> deadline.isBefore(now));
    return Set.copyOf(gaps.keySet());
  }

  /**
   * Takes the ids just read (those above {@link #last()} and any filled gaps) and answers which of
   * them are new, i.e. not delivered before, in ascending order.
   */
  public List<Long> accept(Collection<Long> ids, Instant now) {
    List<Long> fresh = new ArrayList<>();
    for (long id : ids.stream().sorted().distinct().toList()) {
      if (id > last) {
        for (long skipped = last + 1; skipped < id && skipped - last <= maxGaps; skipped++) {
          gaps.put(skipped, now.plus(gapGrace));
        }
        last = id;
        fresh.add(id);
      } else if (gaps.remove(id) != null) {
        fresh.add(id);
      }
    }
    trim();
    return fresh;
  }

  private void trim() {
    Iterator<Long> oldest = gaps.keySet().iterator();
    while (gaps.size() > maxGaps && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
