package io.tern.scheduler.job;

import io.tern.scheduler.api.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/jobs}. Exactly one of {@code type} (a catalog name) and
 * {@code entryClass} (a class implementing {@code io.tern.sdk.CheckpointableJob}) must be given.
 * {@code retainCheckpoints} (1..100, optional): COMMITTED checkpoints kept while the job runs.
 * {@code constraints} (optional): worker labels the job needs, e.g. {@code {"zone": "eu"}}; it runs
 * only on workers that have each label with that value. {@code artifacts} (optional, at most 20,
 * distinct): ids ({@code sha256:…}) of uploaded jars the job runs from, in class-path order; with
 * them, {@code entryClass} is required (one of their job classes) and {@code type} is not allowed.
 */
public record SubmitJobRequest(
    @Size(min = 1, max = 200, message = "must be 1 to 200 characters") @PlainText String name,
    @Size(min = 1, max = 100, message = "must be 1 to 100 characters") String type,
    @Size(max = 500, message = "must be at most 500 characters")
        @Pattern(
            regexp = "([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*",
            message = "must be a Java binary class name such as com.acme.MyJob")
        String entryClass,
    @Size(max = 100, message = "may have at most 100 entries") Map<@PlainText String, Object> parameters,
    @Valid Resources resources,
    @Min(value = 1, message = "must be between 1 and 86400")
        @Max(value = 86400, message = "must be between 1 and 86400")
        Integer checkpointIntervalSeconds,
    @Min(value = 0, message = "must be between 0 and 100") @Max(value = 100, message = "must be between 0 and 100")
        Integer maxRetries,
    Integer priority,
    @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100, message = "must be between 1 and 100")
        Integer retainCheckpoints,
    @Size(max = 20, message = "may have at most 20 entries") Map<@PlainText String, @PlainText String> constraints,
    @Size(max = 20, message = "may name at most 20 artifacts") List<String> artifacts) {

  /** A request without artifacts (the entry class is a catalog type's or on the workers' class path). */
  public SubmitJobRequest(String name, String type, String entryClass, Map<String, Object> parameters,
      Resources resources, Integer checkpointIntervalSeconds, Integer maxRetries, Integer priority,
      Integer retainCheckpoints, Map<String, String> constraints) {
    this(name, type, entryClass, parameters, resources, checkpointIntervalSeconds, maxRetries, priority,
        retainCheckpoints, constraints, null);
  }

  /** Whether the request names artifacts. */
  public boolean hasArtifacts() {
    return artifacts != null && !artifacts.isEmpty();
  }

  /** A request without placement constraints. */
  public SubmitJobRequest(String name, String type, String entryClass, Map<String, Object> parameters,
      Resources resources, Integer checkpointIntervalSeconds, Integer maxRetries, Integer priority,
      Integer retainCheckpoints) {
    this(name, type, entryClass, parameters, resources, checkpointIntervalSeconds, maxRetries, priority,
        retainCheckpoints, null);
  }

  /** A request without a checkpoint retention of its own (the scheduler's {@code tern.checkpoints.retain}). */
  public SubmitJobRequest(String name, String type, String entryClass, Map<String, Object> parameters,
      Resources resources, Integer checkpointIntervalSeconds, Integer maxRetries, Integer priority) {
    this(name, type, entryClass, parameters, resources, checkpointIntervalSeconds, maxRetries, priority, null);
  }

  /** Default slots when {@code resources} is omitted. */
  public static final int DEFAULT_SLOTS = 1;
  /** Default memory when {@code resources} is omitted. */
  public static final int DEFAULT_MEMORY_MB = 512;
  /** Default checkpoint interval. */
  public static final int DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 30;

  /** What one attempt of the job reserves on a worker. */
  public record Resources(
      @NotNull(message = "is required") @Min(value = 1, message = "must be between 1 and 64")
          @Max(value = 64, message = "must be between 1 and 64")
          Integer slots,
      @NotNull(message = "is required") @Min(value = 64, message = "must be between 64 and 65536")
          @Max(value = 65536, message = "must be between 64 and 65536")
          Integer memoryMb) {}
}
