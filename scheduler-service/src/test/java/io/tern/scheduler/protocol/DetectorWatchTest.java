package io.tern.scheduler.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DetectorWatchTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_GAP = Duration.ofSeconds(6);
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void aFreshDetectorGivesWorkersOneTimeoutBeforeDeclaringAnyoneLost() {
    DetectorWatch watch = DetectorWatch.NEW.checkedAt(T0, MAX_GAP);
    assertThat(watch.mayDeclareLost(TIMEOUT)).isFalse();

    for (int s = 2; s < 10; s += 2) {
      watch = watch.checkedAt(T0.plusSeconds(s), MAX_GAP);
      assertThat(watch.mayDeclareLost(TIMEOUT)).as("after %d s", s).isFalse();
    }
    watch = watch.checkedAt(T0.plusSeconds(10), MAX_GAP);
    assertThat(watch.mayDeclareLost(TIMEOUT)).isTrue();
    assertThat(watch.graceEndsAt(TIMEOUT)).isEqualTo(T0.plus(TIMEOUT));
  }

  @Test
  void aGapInDetectionLikeADatabaseOutageStartsANewGracePeriod() {
    DetectorWatch watch = DetectorWatch.NEW.checkedAt(T0, MAX_GAP).checkedAt(T0.plusSeconds(12), MAX_GAP);
    assertThat(watch.mayDeclareLost(TIMEOUT)).as("12 s without a check: the detector was down").isFalse();
    assertThat(watch.watchingSince()).isEqualTo(T0.plusSeconds(12));

    watch = DetectorWatch.NEW.checkedAt(T0, MAX_GAP);
    for (int s = 2; s <= 20; s += 2) {
      watch = watch.checkedAt(T0.plusSeconds(s), MAX_GAP);
    }
    assertThat(watch.mayDeclareLost(TIMEOUT)).isTrue();
    watch = watch.checkedAt(T0.plusSeconds(40), MAX_GAP);
    assertThat(watch.mayDeclareLost(TIMEOUT)).as("a 20 s outage is followed by a new grace period").isFalse();
  }

  @Test
  void aClockGoingBackwardsIsTreatedAsAGap() {
    DetectorWatch watch = DetectorWatch.NEW.checkedAt(T0, MAX_GAP).checkedAt(T0.minusSeconds(1), MAX_GAP);
    assertThat(watch.watchingSince()).isEqualTo(T0.minusSeconds(1));
  }
}
