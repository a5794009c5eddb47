package io.tern.image;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The writer's side of the rule that keeps chunk garbage collection from deleting a chunk a commit
 * in flight relies on (ADR 0003): a chunk this write did not upload, and that is not listed in the
 * job's previous committed manifest, is reused (through the process's cache of known chunks) only if
 * its pack was uploaded less than the window ago. Otherwise it is uploaded again, in a new pack. The
 * collector deletes only packs older than this window plus the commit timeout, so a reused chunk
 * outlives every commit that may reference it.
 */
public final class ChunkReuseWindow {

  /** Default window: ten minutes. */
  public static final Duration DEFAULT = Duration.ofMinutes(10);

  private final Clock clock;
  private final Duration window;

  /**
   * @param clock the writer's clock
   * @param window how young an existing chunk object must be to be reused without uploading it
   */
  public ChunkReuseWindow(Clock clock, Duration window) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the chunk reuse window must be positive, was " + window);
    }
  }

  /** Whether an object last written at {@code lastModified} may be reused now without uploading it again. */
  public boolean mayReuse(Instant lastModified) {
    return lastModified.isAfter(clock.instant().minus(window));
  }

  /** The window. */
  public Duration window() {
    return window;
  }
}
