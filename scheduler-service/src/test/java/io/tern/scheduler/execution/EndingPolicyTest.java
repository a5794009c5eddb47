package io.tern.scheduler.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.execution.EndingPolicy.Ending;
import io.tern.scheduler.execution.EndingPolicy.Facts;
import io.tern.scheduler.execution.EndingPolicy.Verdict;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every combination of facts, for every way an attempt can end (2^5 × 4 cases). */
class EndingPolicyTest {

  @Test
  void aStaleAttemptNeverChangesTheJob() {
    for (Ending e : Ending.values()) {
      for (Facts f : allFacts()) {
        if (!f.current()) {
          assertThat(EndingPolicy.decide(e, f)).as("%s %s", e, f).isEqualTo(Verdict.IGNORE);
        }
      }
    }
  }

  @Test
  void successCompletesTheJobEvenWhileItIsBeingCancelledOrHeld() {
    for (Facts f : allFacts()) {
      if (f.current()) {
        assertThat(EndingPolicy.decide(Ending.SUCCEEDED, f)).as("%s", f).isEqualTo(Verdict.COMPLETE);
      }
    }
  }

  @Test
  void anyOtherEndOfACancellingJobCancelsIt() {
    for (Ending e : EnumSet.of(Ending.FAILED, Ending.KILLED, Ending.LOST)) {
      for (Facts f : allFacts()) {
        if (f.current() && f.cancelling()) {
          assertThat(EndingPolicy.decide(e, f)).as("%s %s", e, f).isEqualTo(Verdict.CANCEL);
        }
      }
    }
  }

  @Test
  void onlyAFailureUsesARetry() {
    Set<Verdict> usingARetry = EnumSet.of(Verdict.RETRY, Verdict.HOLD_AFTER_RETRY, Verdict.GIVE_UP);
    for (Ending e : Ending.values()) {
      for (Facts f : allFacts()) {
        boolean uses = usingARetry.contains(EndingPolicy.decide(e, f));
        assertThat(uses).as("%s %s", e, f).isEqualTo(e == Ending.FAILED && f.current() && !f.cancelling());
      }
    }
  }

  @Test
  void aFailureRetriesHoldsOrGivesUp() {
    assertThat(EndingPolicy.decide(Ending.FAILED, facts(false, false, false, true))).isEqualTo(Verdict.RETRY);
    assertThat(EndingPolicy.decide(Ending.FAILED, facts(false, true, false, true))).isEqualTo(Verdict.HOLD_AFTER_RETRY);
    assertThat(EndingPolicy.decide(Ending.FAILED, facts(false, true, false, false))).isEqualTo(Verdict.GIVE_UP);
    assertThat(EndingPolicy.decide(Ending.FAILED, facts(false, false, true, false))).isEqualTo(Verdict.GIVE_UP);
  }

  @Test
  void aKillRequeuesOrHoldsWithoutARetry() {
    assertThat(EndingPolicy.decide(Ending.KILLED, facts(false, true, true, false))).isEqualTo(Verdict.HOLD);
    assertThat(EndingPolicy.decide(Ending.KILLED, facts(false, false, true, false))).isEqualTo(Verdict.REQUEUE_MOVED);
    assertThat(EndingPolicy.decide(Ending.KILLED, facts(false, false, false, false))).isEqualTo(Verdict.REQUEUE_KILLED);
  }

  @Test
  void aLostAttemptRequeuesOrHoldsWithoutARetry() {
    assertThat(EndingPolicy.decide(Ending.LOST, facts(false, true, false, true))).isEqualTo(Verdict.HOLD);
    assertThat(EndingPolicy.decide(Ending.LOST, facts(false, false, true, true))).isEqualTo(Verdict.REQUEUE_LOST);
  }

  private static Facts facts(boolean cancelling, boolean hold, boolean stoppedByScheduler, boolean retryLeft) {
    return new Facts(true, cancelling, hold, stoppedByScheduler, retryLeft);
  }

  private static Iterable<Facts> allFacts() {
    java.util.List<Facts> all = new java.util.ArrayList<>();
    for (int bits = 0; bits < 32; bits++) {
      all.add(new Facts((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0));
    }
    return all;
  }
}
