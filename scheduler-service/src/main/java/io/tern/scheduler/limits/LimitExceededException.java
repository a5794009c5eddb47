package io.tern.scheduler.limits;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request over one of its owner's limits; nothing was changed. */
public final class LimitExceededException extends ProblemException {

  private LimitExceededException(HttpStatus status, String slug, String title, String detail, Map<String, String> headers) {
    super(status, ProblemTypes.of(slug), title, detail, null, headers);
  }

  /** 409 {@code active-job-limit}: the owner has as many unfinished jobs as allowed. */
  static LimitExceededException activeJobs(String owner, int limit) {
    return new LimitExceededException(HttpStatus.CONFLICT, "active-job-limit", "Active job limit reached",
        "Owner '" + owner + "' already has " + limit + " jobs that have not ended, the most allowed; wait for some to"
            + " end or cancel some, then submit again.", Map.of());
  }

  /** 429 {@code submit-rate-limit} with {@code Retry-After}. */
  static LimitExceededException rate(String owner, int perMinute, int burst, long retryAfterSeconds) {
    return new LimitExceededException(HttpStatus.TOO_MANY_REQUESTS, "submit-rate-limit", "Submitting too fast",
        "Owner '" + owner + "' may submit " + perMinute + " jobs a minute (" + burst + " at once); retry in "
            + retryAfterSeconds + " s.", Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /** 429 {@code stream-limit}: the owner holds as many live event streams as allowed. */
  static LimitExceededException streams(String owner, int limit) {
    return new LimitExceededException(HttpStatus.TOO_MANY_REQUESTS, "stream-limit", "Too many event streams",
        "Owner '" + owner + "' already has " + limit + " live event streams open, the most allowed; close one"
            + " (another tab or dashboard) first.", Map.of("Retry-After", "60"));
  }

  /** 403 {@code priority-not-allowed}: a submitter asked for more than the maximum priority. */
  static LimitExceededException priority(long asked, int max) {
    return new LimitExceededException(HttpStatus.FORBIDDEN, "priority-not-allowed", "Priority not allowed",
        "Submitters may give a priority of at most " + max + ", not " + asked
            + "; an operator can raise a job's priority with POST /api/v1/jobs/{id}/priority.", Map.of());
  }

  /** 403 {@code entry-class-not-allowed}. */
  public static LimitExceededException entryClass(String entryClass) {
    return new LimitExceededException(HttpStatus.FORBIDDEN, "entry-class-not-allowed", "Entry class not allowed",
        "Entry class '" + entryClass + "' is neither a catalog job type's class nor allowed by an operator"
            + " (allowedEntryClasses of /api/v1/settings/limits); submit a catalog 'type' instead.", Map.of());
  }
}
