package io.tern.systemtest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long an injected fault lasts. This is the length of the fault itself (the S3 server is down
 * for 12 s), not a wait for the system to reach some state: tests wait for states with Awaitility.
 */
final class Outage {

  private Outage() {}

  static void last(Duration duration) {
    try {
      TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during an outage", e);
    }
  }
}
