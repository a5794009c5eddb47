package io.tern.scheduler;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.scheduler.*} settings.
 *
 * @param workerTimeout silence after which a worker is declared LOST
 * @param heartbeatInterval how often workers are told to heartbeat
 * @param placementInterval how often queued jobs are placed (also right after a submit or an
 *     attempt end)
 * @param livenessCheckInterval how often silent workers are looked for
 */
@ConfigurationProperties("tern.scheduler")
public record SchedulerProperties(
    @DefaultValue("10s") Duration workerTimeout,
    @DefaultValue("2s") Duration heartbeatInterval,
    @DefaultValue("500ms") Duration placementInterval,
    @DefaultValue("2s") Duration livenessCheckInterval) {}
