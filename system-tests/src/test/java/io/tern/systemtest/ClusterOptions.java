package io.tern.systemtest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link ProcessCluster} starts.
 *
 * @param name names the run's directory under {@code target/system-tests/}
 * @param schedulers scheduler replicas (1 or 2)
 * @param workers worker processes
 * @param slotsPerWorker {@code tern.worker.slots}
 * @param heartbeat {@code tern.scheduler.heartbeat-interval}
 * @param workerTimeout {@code tern.scheduler.worker-timeout}
 * @param properties extra properties given to every process of the cluster (tokens, for instance)
 * @param schedulerProperties extra properties given to every scheduler
 * @param workerProperties extra properties given to every worker
 */
record ClusterOptions(
    String name,
    int schedulers,
    int workers,
    int slotsPerWorker,
    Duration heartbeat,
    Duration workerTimeout,
    Map<String, String> properties,
    Map<String, String> schedulerProperties,
    Map<String, String> workerProperties) {

  /** Three workers of two slots, one scheduler, heartbeat 500 ms, timeout 5 s. */
  static ClusterOptions defaults(String name) {
    return new ClusterOptions(name, 1, 3, 2, Duration.ofMillis(500), Duration.ofSeconds(5), Map.of(), Map.of(), Map.of());
  }

  ClusterOptions withSchedulers(int n) {
    return new ClusterOptions(name, n, workers, slotsPerWorker, heartbeat, workerTimeout, properties, schedulerProperties, workerProperties);
  }

  ClusterOptions withWorkers(int n, int slots) {
    return new ClusterOptions(name, schedulers, n, slots, heartbeat, workerTimeout, properties, schedulerProperties, workerProperties);
  }

  ClusterOptions withTiming(Duration heartbeat, Duration workerTimeout) {
    return new ClusterOptions(name, schedulers, workers, slotsPerWorker, heartbeat, workerTimeout, properties, schedulerProperties, workerProperties);
  }

  /** Adds a property given to every process. */
  ClusterOptions withProperty(String key, String value) {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put(key, value);
    return new ClusterOptions(name, schedulers, workers, slotsPerWorker, heartbeat, workerTimeout, all, schedulerProperties, workerProperties);
  }

  /** Adds a property given to every scheduler. */
  ClusterOptions withSchedulerProperty(String key, String value) {
    Map<String, String> all = new LinkedHashMap<>(schedulerProperties);
    all.put(key, value);
    return new ClusterOptions(name, schedulers, workers, slotsPerWorker, heartbeat, workerTimeout, properties, all, workerProperties);
  }

  /** Adds a property given to every worker. */
  ClusterOptions withWorkerProperty(String key, String value) {
    Map<String, String> all = new LinkedHashMap<>(workerProperties);
    all.put(key, value);
    return new ClusterOptions(name, schedulers, workers, slotsPerWorker, heartbeat, workerTimeout, properties, schedulerProperties, all);
  }
}
