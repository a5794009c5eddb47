/**
 * Messages of the worker protocol: JSON over HTTP between a worker and the scheduler, under
 * {@code /internal/v1}. Plain records, no framework. See docs/worker-protocol.md.
 *
 * <p>Every call that concerns an attempt names the worker and the attempt; the scheduler accepts it
 * only if that attempt is the job's current attempt and is assigned to that worker (the attempt
 * number is the fencing epoch). A stale call is answered 409 with a problem whose {@code type} ends in
 * {@code stale-attempt}; the worker must then kill that attempt's process.
 */
package io.tern.protocol;
