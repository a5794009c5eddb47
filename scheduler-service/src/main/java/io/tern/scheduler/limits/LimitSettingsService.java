package io.tern.scheduler.limits;

import io.tern.scheduler.settings.OperationSettingEntity;
import io.tern.scheduler.settings.OperationSettingRepository;
import io.tern.scheduler.tx.RetryingTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * The limits in force: the {@code tern.limits.*} defaults, overridden by values an operator stored
 * (rows {@code limits.*} of {@code operation_settings}). Read from the database each time, so every
 * scheduler replica applies a change at once.
 */
@Service
@EnableConfigurationProperties(LimitsProperties.class)
public class LimitSettingsService {

  private static final Logger log = LoggerFactory.getLogger(LimitSettingsService.class);
  private static final String PREFIX = "limits.";

  private final OperationSettingRepository stored;
  private final LimitsProperties properties;
  private final RetryingTransaction tx;
  private final Clock clock;

  public LimitSettingsService(
      OperationSettingRepository stored, LimitsProperties properties, RetryingTransaction tx, Clock clock) {
    this.stored = stored;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
  }

  /** The limits in force now. */
  public LimitSettings current() {
    Map<String, String> values = new HashMap<>();
    stored.findAllById(List.of(PREFIX + "maxActiveJobsPerOwner", PREFIX + "submitsPerMinute", PREFIX + "submitBurst",
            PREFIX + "maxStreamsPerOwner", PREFIX + "maxSubmitterPriority", PREFIX + "minScheduleIntervalSeconds",
            PREFIX + "allowedEntryClasses"))
        .forEach(s -> values.put(s.getName().substring(PREFIX.length()), s.getValue()));
    LimitSettings d = properties.defaults();
    try {
      return new LimitSettings(
          Integer.parseInt(values.getOrDefault("maxActiveJobsPerOwner", Integer.toString(d.maxActiveJobsPerOwner()))),
          Integer.parseInt(values.getOrDefault("submitsPerMinute", Integer.toString(d.submitsPerMinute()))),
          Integer.parseInt(values.getOrDefault("submitBurst", Integer.toString(d.submitBurst()))),
          Integer.parseInt(values.getOrDefault("maxStreamsPerOwner", Integer.toString(d.maxStreamsPerOwner()))),
          Integer.parseInt(values.getOrDefault("maxSubmitterPriority", Integer.toString(d.maxSubmitterPriority()))),
          Long.parseLong(values.getOrDefault("minScheduleIntervalSeconds", Long.toString(d.minScheduleIntervalSeconds()))),
          values.containsKey("allowedEntryClasses") ? split(values.get("allowedEntryClasses")) : d.allowedEntryClasses());
    } catch (NumberFormatException e) {
      log.warn("A stored limit is not a number; using the defaults: {}", e.getMessage());
      return d;
    }
  }

  /** Stores every value of {@code settings} (validated first) as set by {@code actor}; returns what is in force. */
  public LimitSettings update(LimitSettings settings, String actor) {
    settings.validated();
    tx.run("Limit settings", () -> {
      Instant now = clock.instant();
      save("maxActiveJobsPerOwner", settings.maxActiveJobsPerOwner(), actor, now);
      save("submitsPerMinute", settings.submitsPerMinute(), actor, now);
      save("submitBurst", settings.submitBurst(), actor, now);
      save("maxStreamsPerOwner", settings.maxStreamsPerOwner(), actor, now);
      save("maxSubmitterPriority", settings.maxSubmitterPriority(), actor, now);
      save("minScheduleIntervalSeconds", settings.minScheduleIntervalSeconds(), actor, now);
      save("allowedEntryClasses", String.join(",", settings.allowedEntryClasses()), actor, now);
    });
    log.info("Limits changed by {}: {}", actor, settings);
    return current();
  }

  private void save(String name, Object value, String actor, Instant now) {
    stored.save(new OperationSettingEntity(PREFIX + name, value.toString(), actor, now));
  }

  private static List<String> split(String joined) {
    return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }
}
