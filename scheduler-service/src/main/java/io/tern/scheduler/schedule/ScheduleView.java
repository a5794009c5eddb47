package io.tern.scheduler.schedule;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A recurring submission as the REST API shows it.
 *
 * @param owner who the submitted jobs belong to: whoever created or last resumed the schedule
 * @param pausedReason why the schedule paused itself (its creator's token was revoked or expired);
 *     null when it runs or a person paused it
 * @param nextFireTimes the next five times it submits the template (empty while paused)
 * @param lastJobId the job it submitted last, if any
 */
public record ScheduleView(
    long id,
    String name,
    String cron,
    String timeZone,
    String owner,
    JsonNode template,
    boolean paused,
    String pausedReason,
    Instant createdAt,
    Instant lastFiredAt,
    Long lastJobId,
    List<Instant> nextFireTimes) {}
