/**
 * The job runtime inside the child JVM ({@link io.tern.sdk.internal.runtime.ChildMain}).
 * <strong>Internal, no compatibility promise.</strong>
 *
 * <p>Exit codes of the child: 0 the job finished (RESULT sent), 1 the job failed (FAILED sent),
 * 2 bad arguments or a protocol error, 3 the worker went away (socket closed), 4 stopped on request.
 */
package io.tern.sdk.internal.runtime;
