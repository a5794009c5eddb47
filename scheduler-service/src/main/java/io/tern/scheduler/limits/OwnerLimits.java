package io.tern.scheduler.limits;

import io.tern.scheduler.security.Caller;
import io.tern.scheduler.security.Role;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * Applies the limits in force to a caller. Submitters are limited; operators and admins, who can
 * change the limits anyway, are not. Each method throws a {@link LimitExceededException} and changes
 * nothing when a limit is reached.
 */
@Component
public class OwnerLimits {

  private final LimitSettingsService settings;
  private final SubmitRatePolicy rate;

  public OwnerLimits(LimitSettingsService settings, Clock clock) {
    this.settings = settings;
    this.rate = new SubmitRatePolicy(clock);
  }

  /**
   * Checks that {@code caller} may submit one job with the priority it chose (null: none chosen),
   * and takes one submission from its rate.
   *
   * @return the most unfinished jobs the caller's owner may have, or empty when it is not limited
   */
  public OptionalInt admitSubmission(Caller caller, Integer chosenPriority) {
    if (!limited(caller)) {
      return OptionalInt.empty();
    }
    LimitSettings now = settings.current();
    if (chosenPriority != null && chosenPriority > now.maxSubmitterPriority()) {
      throw LimitExceededException.priority(chosenPriority, now.maxSubmitterPriority());
    }
    OptionalLong wait = rate.take(caller.owner(), 1, now.submitsPerMinute(), now.submitBurst());
    if (wait.isPresent()) {
      throw LimitExceededException.rate(caller.owner(), now.submitsPerMinute(), now.submitBurst(), wait.getAsLong());
    }
    return OptionalInt.of(now.maxActiveJobsPerOwner());
  }

  /** Refuses a submission when {@code owner} already has {@code active} unfinished jobs of at most {@code max}. */
  public static void checkActiveJobs(String owner, long active, int max) {
    if (active >= max) {
      throw LimitExceededException.activeJobs(owner, max);
    }
  }

  /** Refuses a new live event stream when {@code caller}'s owner already holds {@code open} of them. */
  public void checkStreams(Caller caller, long open) {
    if (!limited(caller)) {
      return;
    }
    int max = settings.current().maxStreamsPerOwner();
    if (open >= max) {
      throw LimitExceededException.streams(caller.owner(), max);
    }
  }

  private static boolean limited(Caller caller) {
    return !caller.role().includes(Role.OPERATOR);
  }
}
