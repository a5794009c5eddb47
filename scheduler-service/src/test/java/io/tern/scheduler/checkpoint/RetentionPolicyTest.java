package io.tern.scheduler.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private final RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(7));

  private static List<RetentionPolicy.Checkpoint> committed(int count) {
    List<RetentionPolicy.Checkpoint> list = new ArrayList<>();
    for (int seq = 1; seq <= count; seq++) {
      list.add(new RetentionPolicy.Checkpoint(seq, CheckpointState.COMMITTED, false));
    }
    return list;
  }

  @Test
  void aRunningJobKeepsItsNewestCommittedCheckpoints() {
    assertThat(policy.expired(new RetentionPolicy.Job(3, null), committed(10), NOW))
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void pendingCheckpointsAreKeptAndDoNotCountAgainstRetention() {
    List<RetentionPolicy.Checkpoint> list = committed(3);
    list.add(new RetentionPolicy.Checkpoint(4, CheckpointState.PENDING, false));
    assertThat(policy.expired(new RetentionPolicy.Job(2, null), list, NOW)).containsExactly(1L);
  }

  @Test
  void pinnedCheckpointsOutliveRetentionAndDoNotTakeARetainedPlace() {
    List<RetentionPolicy.Checkpoint> list = committed(5);
    list.set(0, new RetentionPolicy.Checkpoint(1, CheckpointState.COMMITTED, true));
    assertThat(policy.expired(new RetentionPolicy.Job(2, null), list, NOW)).containsExactlyInAnyOrder(2L, 3L);
  }

  @Test
  void corruptAndAbortedCheckpointsExpireButDoNotDisplaceGoodOnes() {
    List<RetentionPolicy.Checkpoint> list = committed(3);
    list.add(new RetentionPolicy.Checkpoint(4, CheckpointState.CORRUPT, false));
    list.add(new RetentionPolicy.Checkpoint(5, CheckpointState.ABORTED, false));
    assertThat(policy.expired(new RetentionPolicy.Job(2, null), list, NOW)).containsExactlyInAnyOrder(1L, 4L, 5L);
  }

  @Test
  void aFinishedJobKeepsOnlyItsLatestCheckpointUntilTheCompletedJobRetentionHasPassed() {
    RetentionPolicy.Job finished = new RetentionPolicy.Job(3, NOW.minus(Duration.ofDays(6)));
    assertThat(policy.expired(finished, committed(3), NOW)).containsExactlyInAnyOrder(1L, 2L);

    RetentionPolicy.Job longAgo = new RetentionPolicy.Job(3, NOW.minus(Duration.ofDays(7)));
    assertThat(policy.expired(longAgo, committed(3), NOW)).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void aPinnedCheckpointOfALongFinishedJobIsKept() {
    List<RetentionPolicy.Checkpoint> list = committed(2);
    list.set(0, new RetentionPolicy.Checkpoint(1, CheckpointState.COMMITTED, true));
    assertThat(policy.expired(new RetentionPolicy.Job(3, NOW.minus(Duration.ofDays(30))), list, NOW))
        .containsExactly(2L);
  }
}
