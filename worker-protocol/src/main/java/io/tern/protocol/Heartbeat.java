package io.tern.protocol;

import java.util.List;

/**
 * {@code POST /internal/v1/workers/{workerId}/heartbeat}: sent every heartbeat interval (and at once
 * after a local change, such as an attempt ending). Lists every attempt the worker is running.
 */
public record Heartbeat(List<AttemptStatus> attempts) {

  /** What the worker observes of one attempt. {@code progress} may be NaN (unknown). */
  public record AttemptStatus(long attemptId, String state, long step, double progress) {}
}
