package io.tern.scheduler.signal;

/**
 * Published by the rebalancing clock (a clustered Quartz job, so one replica per firing): the round
 * driver runs a scheduling round that also rebalances, on the publishing thread.
 */
public record RebalanceDue() {}
