package io.tern.scheduler.settings;

import io.tern.scheduler.tx.RetryingTransaction;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * The operation settings in force: the {@code tern.operations.*} defaults, overridden by values an
 * operator stored. Read from the database each time (every scheduler replica sees a change at once).
 */
@Service
@EnableConfigurationProperties(OperationsProperties.class)
public class OperationSettingsService {

  private static final Logger log = LoggerFactory.getLogger(OperationSettingsService.class);

  private final OperationSettingRepository stored;
  private final OperationsProperties properties;
  private final RetryingTransaction tx;
  private final Clock clock;

  public OperationSettingsService(
      OperationSettingRepository stored, OperationsProperties properties, RetryingTransaction tx, Clock clock) {
    this.stored = stored;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
  }

  /** The settings in force now. */
  public OperationSettings current() {
    Map<String, String> values = new HashMap<>();
    stored.findAll().forEach(s -> values.put(s.getName(), s.getValue()));
    OperationSettings d = properties.defaults();
    try {
      return new OperationSettings(
          Integer.parseInt(values.getOrDefault("maxParallelMigrations", Integer.toString(d.maxParallelMigrations()))),
          Boolean.parseBoolean(values.getOrDefault("rebalanceEnabled", Boolean.toString(d.rebalanceEnabled()))),
          Double.parseDouble(values.getOrDefault("rebalanceThreshold", Double.toString(d.rebalanceThreshold()))),
          Long.parseLong(values.getOrDefault("rebalanceCooldownSeconds", Long.toString(d.rebalanceCooldownSeconds()))),
          Integer.parseInt(values.getOrDefault("rebalanceMaxMoves", Integer.toString(d.rebalanceMaxMoves()))));
    } catch (NumberFormatException e) {
      log.warn("A stored operation setting is not a number; using the defaults: {}", e.getMessage());
      return d;
    }
  }

  /** Stores every value of {@code settings} (validated first) as set by {@code actor}; returns what is in force. */
  public OperationSettings update(OperationSettings settings, String actor) {
    settings.validated();
    tx.run("Operation settings", () -> {
      var now = clock.instant();
      stored.save(new OperationSettingEntity("maxParallelMigrations", Integer.toString(settings.maxParallelMigrations()), actor, now));
      stored.save(new OperationSettingEntity("rebalanceEnabled", Boolean.toString(settings.rebalanceEnabled()), actor, now));
      stored.save(new OperationSettingEntity("rebalanceThreshold", Double.toString(settings.rebalanceThreshold()), actor, now));
      stored.save(new OperationSettingEntity(
          "rebalanceCooldownSeconds", Long.toString(settings.rebalanceCooldownSeconds()), actor, now));
      stored.save(new OperationSettingEntity("rebalanceMaxMoves", Integer.toString(settings.rebalanceMaxMoves()), actor, now));
    });
    log.info("Operation settings changed by {}: {}", actor, settings);
    return current();
  }
}
