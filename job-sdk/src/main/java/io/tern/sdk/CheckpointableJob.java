package io.tern.sdk;

import java.util.Map;

/**
 * A long-running job whose whole state lives in one object of type {@code S} and whose work is done
 * in bounded steps. Between two steps the Tern runtime may take a snapshot of the state (periodic,
 * on demand, or before the job is moved to another worker) and later restore it, possibly in another
 * JVM on another machine. Only what the {@link #codec() codec} writes is saved ("memory exclusion"):
 * anything the job can recompute from its parameters need not be part of the image.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #init} builds the initial state from the parameters; it is not called on restore.</li>
 *   <li>{@link #step} does one bounded unit of work (ideally milliseconds to a second), mutating the
 *       state in place, and returns {@link StepResult#CONTINUE} or {@link StepResult#DONE}.</li>
 *   <li>The job must be deterministic given its state and parameters: restoring a snapshot taken
 *       after step {@code k} and continuing must give the same result as an uninterrupted run.</li>
 *   <li>Implementations need a public no-argument constructor; the runtime creates one instance per
 *       attempt. Instance fields that are not part of the state must be derivable from the
 *       parameters (set them up in {@link #init} or lazily in {@link #step}).</li>
 * </ul>
 *
 * @param <S> the type of the job's state object
 */
public interface CheckpointableJob<S> {

  /** Builds the initial state for a fresh start. Not called when the job is restored. */
  S init(JobContext ctx) throws Exception;

  /** Does one bounded unit of work on {@code state}. */
  StepResult step(S state, JobContext ctx) throws Exception;

  /** How the state becomes bytes and back. Called once per attempt. */
  StateCodec<S> codec();

  /**
   * The job's result once {@link #step} returned {@link StepResult#DONE}: a map of simple values
   * (String, Number, Boolean, null, or nested Lists/Maps of those), stored with the job as JSON.
   */
  default Map<String, Object> result(S state, JobContext ctx) {
    return Map.of();
  }

  /** Fraction of the work done, between 0 and 1, or NaN when unknown. Shown to users. */
  default double progress(S state) {
    return Double.NaN;
  }
}
