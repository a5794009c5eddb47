package io.tern.scheduler.job;

import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.limits.EntryClassPolicy;
import io.tern.scheduler.limits.LimitExceededException;
import io.tern.scheduler.limits.LimitSettingsService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Checks what bean validation cannot (type vs entry class, catalog names, the entry-class policy for
 * jobs without artifacts, scalar parameters) and turns a request into a {@link JobSpec} with defaults.
 * A job with artifacts names its entry class among their job classes, which the artifacts' own check
 * verifies (the entry-class policy governs only classes from the workers' class path).
 */
@Component
public class JobSubmissionValidator {

  private final JobCatalogProperties catalog;
  private final LimitSettingsService limits;

  public JobSubmissionValidator(JobCatalogProperties catalog, LimitSettingsService limits) {
    this.catalog = catalog;
    this.limits = limits;
  }

  /**
   * Validates and completes a submission.
   *
   * @throws InvalidRequestException with a message that says what to change
   * @throws LimitExceededException (403) when the entry class is neither a catalog type's class nor
   *     allowed by an operator
   */
  public JobSpec toSpec(SubmitJobRequest request) {
    if (request.hasArtifacts() && request.type() != null) {
      throw new InvalidRequestException("'type' is not allowed with 'artifacts': name the job's class from the"
          + " artifacts in 'entryClass'.");
    }
    if (request.hasArtifacts() && request.entryClass() == null) {
      throw new InvalidRequestException("'entryClass' is required with 'artifacts': one of the job classes the"
          + " artifacts list (GET /api/v1/artifacts/{id}).");
    }
    if ((request.type() == null) == (request.entryClass() == null)) {
      throw new InvalidRequestException(
          "Give exactly one of 'type' (one of " + catalog.getTypes().keySet()
              + ") or 'entryClass' (a class implementing io.tern.sdk.CheckpointableJob).");
    }
    String entryClass;
    if (request.type() != null) {
      entryClass = catalog.getTypes().get(request.type());
      if (entryClass == null) {
        throw new InvalidRequestException(
            "Unknown job type '" + request.type() + "'. Known types: "
                + String.join(", ", catalog.getTypes().keySet()) + ".");
      }
    } else {
      entryClass = request.entryClass();
      if (!EntryClassPolicy.isBinaryName(entryClass)) {
        throw new InvalidRequestException("'entryClass' must be a Java binary class name such as com.acme.MyJob,"
            + " at most " + EntryClassPolicy.MAX_LENGTH + " characters.");
      }
      // with artifacts the class must be one of their job classes instead (checked against the artifacts)
      if (!request.hasArtifacts()
          && !limits.current().entryClassPolicy(catalog.getTypes().values()).allows(entryClass)) {
        throw LimitExceededException.entryClass(entryClass);
      }
    }
    Map<String, Object> parameters = scalarParameters(request.parameters());
    String name =
        request.name() != null
            ? request.name()
            : request.type() != null ? request.type() : simpleName(entryClass);
    SubmitJobRequest.Resources resources = request.resources();
    return new JobSpec(
        name,
        request.type(),
        entryClass,
        parameters,
        resources == null ? SubmitJobRequest.DEFAULT_SLOTS : resources.slots(),
        resources == null ? SubmitJobRequest.DEFAULT_MEMORY_MB : resources.memoryMb(),
        Objects.requireNonNullElse(
            request.checkpointIntervalSeconds(), SubmitJobRequest.DEFAULT_CHECKPOINT_INTERVAL_SECONDS),
        Objects.requireNonNullElse(request.maxRetries(), RetryPolicy.DEFAULT_MAX_RETRIES),
        Objects.requireNonNullElse(request.priority(), 0));
  }

  private static Map<String, Object> scalarParameters(Map<String, Object> parameters) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (parameters == null) {
      return result;
    }
    parameters.forEach(
        (key, value) -> {
          if (key.isBlank() || key.length() > 200) {
            throw new InvalidRequestException("Parameter names must be 1 to 200 characters.");
          }
          if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw new InvalidRequestException(
                "Parameter '" + key + "' must be a string, number or boolean, not "
                    + (value == null ? "null" : "a JSON " + (value instanceof Map ? "object" : "array")) + ".");
          }
          if (value instanceof String s && s.length() > 10_000) {
            throw new InvalidRequestException("Parameter '" + key + "' is longer than 10000 characters.");
          }
          if (value instanceof String s && s.indexOf('\0') >= 0) {
            throw new InvalidRequestException("Parameter '" + key + "' must not contain the NUL character (U+0000).");
          }
          result.put(key, value);
        });
    return result;
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
