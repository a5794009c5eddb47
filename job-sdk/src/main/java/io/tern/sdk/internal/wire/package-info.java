/**
 * The framed binary protocol between a worker and its child JVM over a Unix domain socket.
 * <strong>Internal, no compatibility promise.</strong>
 *
 * <p>A frame is a type byte, a big-endian int payload length (at most
 * {@link io.tern.sdk.internal.wire.FrameType#MAX_PAYLOAD} bytes) and the payload. Bulk data (a
 * snapshot, a restore image) is a sequence of {@code DATA} frames closed by {@code END} (restore),
 * {@code SNAPSHOT_END} (snapshot) or {@code ABORT}/{@code SNAPSHOT_FAILED}; both sides see it as a
 * stream ({@link io.tern.sdk.internal.wire.DataFrameOutputStream},
 * {@link io.tern.sdk.internal.wire.DataFrameInputStream}). Control payloads are in
 * {@link io.tern.sdk.internal.wire.Messages}.
 *
 * <pre>
 * worker                                   child
 *   START(job, attempt, class, params, restore?) ->
 *   [DATA* END]   (restore image)          ->
 *                                          <- READY(step, restored bytes, nanos)
 *                                          <- PROGRESS(step, fraction)   (at most every ~500 ms)
 *                                          <- LOG(line)
 *   SNAPSHOT_REQUEST                       ->
 *                                          <- DATA* SNAPSHOT_END(step, bytes, pause, codec)
 *   STOP                                   ->
 *                                          <- RESULT(json) | FAILED(class, message, stack)
 * </pre>
 */
package io.tern.sdk.internal.wire;
