package io.tern.worker.attempt;

import io.tern.sdk.internal.host.ChildOutcome;
import io.tern.sdk.internal.host.ReadyInfo;
import io.tern.sdk.internal.host.SnapshotInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** A launched job process, as an attempt uses it. */
public interface JobProcess {

  /**
   * Starts the job, restoring it from {@code restoreImageOrNull} (fresh when null), and blocks until it
   * runs. Fails when the job cannot start or the image cannot be read; a failure of the image is in
   * the cause chain. Called once.
   */
  ReadyInfo start(InputStream restoreImageOrNull) throws IOException;

  /** Takes a snapshot at the job's next step boundary into {@code sink}; the job is paused meanwhile. */
  SnapshotInfo snapshot(OutputStream sink) throws IOException;

  /**
   * Where the job's output directory as the job left it goes when the job succeeds; a SUCCEEDED
   * outcome carries its length ({@link ChildOutcome#outputBytes()}). Called before {@link #start}.
   */
  void collectOutputs(OutputStream sink);

  /** Completes when the process has ended; never exceptionally. */
  CompletableFuture<ChildOutcome> outcome();

  /** The operating system's process id. */
  long pid();

  /** The last step the job reported. */
  long lastStep();

  /** The last progress fraction the job reported, NaN when unknown. */
  double lastProgress();

  /** Whether the process is still alive. */
  boolean isAlive();

  /** Kills the process at once; does not wait. */
  void kill();
}
