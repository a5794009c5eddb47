package io.tern.scheduler.resubmit;

import io.tern.scheduler.api.PlainText;
import io.tern.scheduler.job.SubmitJobRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/jobs/resubmit} (and {@code POST /api/v1/jobs/{id}/resubmit}, where the
 * path names the source job).
 *
 * @param fromJobId the job whose checkpoint the new job starts from (omit on the per-job path)
 * @param checkpointSeq the checkpoint (any COMMITTED one that is still retained)
 * @param overrides what to change; everything else is copied from the source job
 */
public record ResubmitRequest(
    @Positive(message = "must be a positive number") Long fromJobId,
    @NotNull(message = "is required") @Positive(message = "must be a positive number") Long checkpointSeq,
    @Valid Overrides overrides) {

  /**
   * Changes for the new job; each field is optional.
   *
   * @param parameters merged over the source job's parameters (a key given here replaces the source's)
   * @param artifacts other artifacts to run from (ids, in class-path order), checked like at submit;
   *     omitted: exactly the source job's
   * @param entryClass another entry class, one of the job classes of the new job's artifacts; omitted:
   *     the source job's
   */
  public record Overrides(
      @Size(min = 1, max = 200, message = "must be 1 to 200 characters") @PlainText String name,
      @Size(max = 100, message = "may have at most 100 entries") Map<@PlainText String, Object> parameters,
      @Valid SubmitJobRequest.Resources resources,
      @Min(value = 1, message = "must be between 1 and 86400") @Max(value = 86400, message = "must be between 1 and 86400")
          Integer checkpointIntervalSeconds,
      @Min(value = 0, message = "must be between 0 and 100") @Max(value = 100, message = "must be between 0 and 100")
          Integer maxRetries,
      Integer priority,
      @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100, message = "must be between 1 and 100")
          Integer retainCheckpoints,
      @Size(max = 20, message = "may have at most 20 entries") Map<@PlainText String, @PlainText String> constraints,
      @Size(min = 1, max = 20, message = "must name 1 to 20 artifacts") List<String> artifacts,
      @Size(max = 500, message = "must be at most 500 characters") String entryClass) {

    /** Overrides that keep the source job's artifacts and entry class. */
    public Overrides(String name, Map<String, Object> parameters, SubmitJobRequest.Resources resources,
        Integer checkpointIntervalSeconds, Integer maxRetries, Integer priority, Integer retainCheckpoints,
        Map<String, String> constraints) {
      this(name, parameters, resources, checkpointIntervalSeconds, maxRetries, priority, retainCheckpoints, constraints,
          null, null);
    }
  }
}
