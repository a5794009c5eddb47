package io.tern.scheduler.schedule;

import io.tern.scheduler.api.PlainText;
import io.tern.scheduler.job.SubmitJobRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/schedules}.
 *
 * @param cron a Quartz cron expression with seconds, e.g. {@code 0 0 2 * * ?} (02:00 every day)
 * @param timeZone an IANA zone such as {@code Europe/Paris} (default UTC)
 * @param template the job to submit at each firing: a {@code POST /api/v1/jobs} body
 * @param paused create it paused (default false)
 */
public record ScheduleRequest(
    @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") @PlainText String name,
    @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") String cron,
    @Size(max = 100, message = "must be at most 100 characters") String timeZone,
    @NotNull(message = "is required") @Valid SubmitJobRequest template,
    Boolean paused) {}
