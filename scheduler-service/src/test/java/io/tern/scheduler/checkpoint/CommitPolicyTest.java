package io.tern.scheduler.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.checkpoint.CommitPolicy.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommitPolicyTest {

  private static final Instant BEGUN = Instant.parse("2026-12-05T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  @Test
  void aPendingCheckpointWithinTheTimeoutIsCommitted() {
    assertThat(decide(CheckpointState.PENDING, TIMEOUT, false, false)).isEqualTo(Verdict.COMMIT);
    assertThat(decide(CheckpointState.PENDING, TIMEOUT, true, false)).isEqualTo(Verdict.COMMIT);
    assertThat(decide(CheckpointState.PENDING, TIMEOUT, false, true)).isEqualTo(Verdict.COMMIT);
  }

  @Test
  void aRetriedCommitChangesNothing() {
    assertThat(decide(CheckpointState.COMMITTED, TIMEOUT.plusHours(1), true, true)).isEqualTo(Verdict.DUPLICATE);
  }

  @Test
  void onlyAPendingCheckpointCanBeCommitted() {
    for (CheckpointState s : new CheckpointState[] {CheckpointState.ABORTED, CheckpointState.CORRUPT, CheckpointState.DELETED}) {
      assertThat(decide(s, Duration.ZERO, false, false)).as("%s", s).isEqualTo(Verdict.NOT_PENDING);
    }
  }

  @Test
  void aCommitAfterTheTimeoutIsRefused() {
    assertThat(decide(CheckpointState.PENDING, TIMEOUT, false, false)).isEqualTo(Verdict.COMMIT);
    assertThat(decide(CheckpointState.PENDING, TIMEOUT.plusMillis(1), false, false)).isEqualTo(Verdict.TOO_LATE);
    assertThat(Verdict.TOO_LATE.refused()).isTrue();
  }

  @Test
  void reuploadedOldChunksAreRefusedOnlyWhenACollectionOverlapped() {
    assertThat(decide(CheckpointState.PENDING, Duration.ofSeconds(1), true, true)).isEqualTo(Verdict.COLLECTION_OVERLAP);
    assertThat(Verdict.COLLECTION_OVERLAP.refused()).isTrue();
    assertThat(Verdict.COMMIT.refused()).isFalse();
    assertThat(Verdict.DUPLICATE.refused()).isFalse();
  }

  private static Verdict decide(CheckpointState state, Duration age, boolean reuploaded, boolean overlapped) {
    return CommitPolicy.decide(state, BEGUN, BEGUN.plus(age), TIMEOUT, reuploaded, overlapped);
  }
}
