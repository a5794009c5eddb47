package io.tern.scheduler.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.scheduler.*} settings.
 *
 * @param workerTimeout silence after which a worker is declared LOST
 * @param heartbeatInterval how often workers are told to heartbeat
 * @param placementInterval how often a scheduling round places queued jobs and advances drains
 *     (also right after a submit, an attempt end or a drain start)
 * @param livenessCheckInterval how often silent workers are looked for
 * @param workerJoinToken the cluster's join token: a worker registers with it and receives its own
 *     secret; unset means no worker can register (at least 32 characters)
 */
@ConfigurationProperties("tern.scheduler")
public record SchedulerProperties(
    @DefaultValue("10s") Duration workerTimeout,
    @DefaultValue("2s") Duration heartbeatInterval,
    @DefaultValue("500ms") Duration placementInterval,
    @DefaultValue("500ms") Duration livenessCheckInterval,
    String workerJoinToken) {

  /** Checks the join token's length. */
  public SchedulerProperties {
    if (workerJoinToken != null && workerJoinToken.isBlank()) {
      workerJoinToken = null;
    }
    if (workerJoinToken != null && workerJoinToken.length() < 32) {
      throw new IllegalArgumentException(
          "tern.scheduler.worker-join-token must have at least 32 characters (use a random value)");
    }
  }

  /** Never prints the join token. */
  @Override
  public String toString() {
    return "SchedulerProperties[workerTimeout=" + workerTimeout + ", heartbeatInterval=" + heartbeatInterval
        + ", placementInterval=" + placementInterval + ", livenessCheckInterval=" + livenessCheckInterval
        + ", workerJoinToken=" + (workerJoinToken == null ? "unset" : "***") + "]";
  }
}
