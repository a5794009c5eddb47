package io.tern.scheduler.drain;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/workers/{id}/drain}; every field is optional.
 *
 * @param mode GRACEFUL (default: checkpoint, then move) or IMMEDIATE (move from the latest existing image)
 * @param deadlineSeconds after this many seconds, jobs still on the worker are stopped and restart
 *     elsewhere from their latest committed image (1..604800; none by default)
 * @param reason why, for the audit log and the worker's cordon reason
 */
public record DrainRequest(
    DrainMode mode,
    @Min(value = 1, message = "must be between 1 and 604800") @Max(value = 604800, message = "must be between 1 and 604800")
        Integer deadlineSeconds,
    @Size(max = 500, message = "must be at most 500 characters") String reason) {}
