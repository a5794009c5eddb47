/**
 * The worker's side of the child JVM: launch a child, start or restore its job, take snapshots,
 * watch progress, stop or kill it, and learn how it ended. JDK-only.
 * <strong>Internal, no compatibility promise</strong> beyond the worker of the same version.
 *
 * <pre>{@code
 * try (ChildProcess child = ChildProcess.launch(spec, listener)) {
 *   ReadyInfo ready = child.start(restoreImageOrNull);       // blocks until the job runs
 *   SnapshotInfo snap = child.snapshot(spoolFileStream);    // job paused only while it encodes
 *   ChildOutcome outcome = child.outcome().join();          // SUCCEEDED, FAILED, KILLED or DIED
 * }
 * }</pre>
 *
 * <p>Threads: each child has one reader thread that receives every frame from the child; it calls
 * the {@link io.tern.sdk.internal.host.ChildListener} and writes snapshot bytes into the sink given
 * to {@link io.tern.sdk.internal.host.ChildProcess#snapshot}. Every blocking call returns (or throws)
 * once the process has ended.
 */
package io.tern.sdk.internal.host;
