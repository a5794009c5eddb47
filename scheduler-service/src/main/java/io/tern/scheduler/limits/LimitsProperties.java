package io.tern.scheduler.limits;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.limits.*}: defaults of the per-owner limits (an operator may change them at run time
 * with {@code PUT /api/v1/settings/limits}); see {@link LimitSettings} for each.
 */
@ConfigurationProperties("tern.limits")
public record LimitsProperties(
    @DefaultValue("1000") int maxActiveJobsPerOwner,
    @DefaultValue("120") int submitsPerMinute,
    @DefaultValue("60") int submitBurst,
    @DefaultValue("10") int maxStreamsPerOwner,
    @DefaultValue("100") int maxSubmitterPriority,
    @DefaultValue("1m") Duration minScheduleInterval,
    @DefaultValue List<String> allowedEntryClasses) {

  /** The run-time settings these properties start with. */
  public LimitSettings defaults() {
    return new LimitSettings(maxActiveJobsPerOwner, submitsPerMinute, submitBurst, maxStreamsPerOwner,
        maxSubmitterPriority, minScheduleInterval.toSeconds(), allowedEntryClasses == null ? List.of() : allowedEntryClasses);
  }
}
