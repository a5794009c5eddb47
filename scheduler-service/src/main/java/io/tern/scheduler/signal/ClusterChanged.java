package io.tern.scheduler.signal;

/**
 * Published when something changed that the next scheduling round should see: a job submitted,
 * released or requeued, an attempt ended, a worker registered, became eligible or started draining.
 * The round driver runs a round once the publishing transaction has committed (at once when there is
 * none). This package depends on nothing else of the scheduler, so any feature may publish it.
 *
 * @param cause what changed, for logs
 */
public record ClusterChanged(String cause) {}
