package io.tern.examples;

import java.util.concurrent.TimeUnit;

/**
 * The {@code minStepMillis} parameter of the example jobs: each step lasts at least that long, the
 * rest spent waiting — the shape of a job that waits on I/O or another service, for demos and tests
 * that need a long job without burning CPU. It never changes a job's result.
 */
final class StepPacing {

  private StepPacing() {}

  /** Waits until {@code minStepMillis} have passed since {@code stepStartedNanos} ({@link System#nanoTime()}). */
  static void waitOutTheStep(long stepStartedNanos, long minStepMillis) {
    if (minStepMillis < 0) {
      throw new IllegalArgumentException("parameter 'minStepMillis' must not be negative");
    }
    long remaining = minStepMillis * 1_000_000 - (System.nanoTime() - stepStartedNanos);
    if (remaining > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
