package io.tern.sdk.internal.runtime;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import io.tern.sdk.internal.json.JsonWriter;
import io.tern.sdk.internal.wire.ChannelClosedException;
import io.tern.sdk.internal.wire.DataFrameInputStream;
import io.tern.sdk.internal.wire.DataFrameOutputStream;
import io.tern.sdk.internal.wire.FrameReader;
import io.tern.sdk.internal.wire.FrameType;
import io.tern.sdk.internal.wire.FrameWriter;
import io.tern.sdk.internal.wire.Messages;
import io.tern.sdk.internal.wire.OutputSection;
import io.tern.sdk.internal.wire.ProtocolException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Drives one job inside the child JVM over an open channel: reads START, builds or restores the
 * state, reports READY, then calls {@code step} until DONE, answering snapshot and stop requests at
 * step boundaries. Returns an {@link ExitCode}; never calls {@code System.exit} itself.
 *
 * <p>Two threads read and write the channel: the caller's thread runs the job and writes every
 * frame; a daemon control thread reads SNAPSHOT_REQUEST and STOP and only sets flags. When the
 * control thread finds the channel closed it calls {@code onWorkerGone}.
 */
public final class ChildRuntime {

  /** The job's output directory, in its working directory (the attempt directory). */
  public static final String OUTPUT_DIR = "outputs";

  /** PROGRESS is sent at most this often. */
  static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final FrameReader reader;
  private final FrameWriter writer;
  private final ClassLoader loader;
  private final LongSupplier nanoTime;
  private final Runnable onWorkerGone;
  private final PrintStream console;
  private final AtomicBoolean snapshotRequested = new AtomicBoolean();
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final Path outputDir;

  /**
   * @param nanoTime monotonic clock in nanoseconds (System::nanoTime)
   * @param onWorkerGone called on the control thread when the channel closes while the job runs
   * @param console where lifecycle lines and job log lines are printed (the attempt's output.log)
   */
  public ChildRuntime(FrameReader reader, FrameWriter writer, ClassLoader loader, LongSupplier nanoTime,
      Runnable onWorkerGone, PrintStream console) {
    this.reader = reader;
    this.writer = writer;
    this.loader = loader;
    this.nanoTime = nanoTime;
    this.onWorkerGone = onWorkerGone;
    this.console = console;
    this.outputDir = Path.of("").toAbsolutePath().resolve(OUTPUT_DIR);
  }

  /** Runs the attempt to its end and returns the process exit code. */
  public int run() {
    try {
      Messages.Start start = readStart();
      if (start.protocolVersion() != Messages.PROTOCOL_VERSION) {
        sendFailure(new ProtocolException("worker speaks protocol version " + start.protocolVersion()
            + ", this job runtime speaks " + Messages.PROTOCOL_VERSION));
        return ExitCode.PROTOCOL_ERROR;
      }
      console.printf("tern: job %s attempt %d, class %s, %s%n", start.jobId(), start.attempt(), start.jobClass(),
          start.restore() ? "restoring" : "fresh start");
      return runJob(start);
    } catch (WorkerGone e) {
      console.println("tern: the worker went away: " + e.getCause());
      return ExitCode.WORKER_GONE;
    } catch (ProtocolException e) {
      console.println("tern: protocol error: " + e.getMessage());
      return ExitCode.PROTOCOL_ERROR;
    }
  }

  private Messages.Start readStart() throws ProtocolException {
    try {
      FrameType t = reader.require();
      if (t != FrameType.START) {
        throw new ProtocolException("expected START, got " + t);
      }
      return Messages.Start.decode(reader.payload());
    } catch (ProtocolException e) {
      throw e;
    } catch (IOException e) {
      throw new WorkerGone(e);
    }
  }

  @SuppressWarnings("unchecked")
  private int runJob(Messages.Start start) {
    CheckpointableJob<Object> job;
    StateCodec<Object> codec;
    RuntimeJobContext ctx = new RuntimeJobContext(start.jobId(), start.attempt(), start.restore(),
        start.parameters(), outputDir, this::log);
    try {
      Files.createDirectories(outputDir);
      job = (CheckpointableJob<Object>) instantiate(start.jobClass());
      codec = (StateCodec<Object>) job.codec();
      if (codec == null) {
        throw new IllegalStateException(start.jobClass() + ".codec() returned null");
      }
    } catch (Throwable t) {
      return fail(t);
    }

    long begin = nanoTime.getAsLong();
    Object state;
    long step;
    long restoredBytes = 0;
    if (start.restore()) {
      DataFrameInputStream in = new DataFrameInputStream(reader);
      try {
        SnapshotEnvelope envelope = SnapshotEnvelope.readFrom(in);
        if (!envelope.codecId().equals(codec.id())) {
          throw new IOException("the image was written by codec '" + envelope.codecId() + "' but "
              + start.jobClass() + " uses codec '" + codec.id() + "'");
        }
        state = codec.decode(in);
        in.drain();
        step = envelope.step();
        restoredBytes = in.bytesRead();
      } catch (DataFrameInputStream.StopRequestedException e) {
        return ExitCode.STOPPED;
      } catch (Throwable t) {
        if (ChannelClosedException.isCause(t)) {
          throw new WorkerGone(t);
        }
        return fail(new IOException("restore failed: " + t.getMessage(), t));
      }
    } else {
      try {
        state = job.init(ctx);
        step = 0;
      } catch (Throwable t) {
        return fail(t);
      }
    }
    long restoreNanos = nanoTime.getAsLong() - begin;
    send(FrameType.READY, new Messages.Ready(step, restoredBytes, restoreNanos).encode());
    console.printf("tern: ready at step %d (%d bytes restored in %d ms)%n", step, restoredBytes,
        TimeUnit.NANOSECONDS.toMillis(restoreNanos));
    startControlThread();
    return loop(job, codec, state, step, ctx);
  }

  private int loop(CheckpointableJob<Object> job, StateCodec<Object> codec, Object state, long step,
      RuntimeJobContext ctx) {
    long lastProgress = nanoTime.getAsLong();
    while (true) {
      if (stopRequested.get()) {
        console.printf("tern: stopped at step %d%n", step);
        return ExitCode.STOPPED;
      }
      if (snapshotRequested.getAndSet(false)) {
        snapshot(codec, state, step);
      }
      StepResult r;
      try {
        r = job.step(state, ctx);
        if (r == null) {
          throw new IllegalStateException("step() returned null");
        }
      } catch (Throwable t) {
        return fail(t);
      }
      step++;
      long now = nanoTime.getAsLong();
      if (r == StepResult.DONE || now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
        send(FrameType.PROGRESS, new Messages.Progress(step, progress(job, state)).encode());
        lastProgress = now;
      }
      if (r == StepResult.DONE) {
        return finish(job, state, step, ctx);
      }
    }
  }

  private void snapshot(StateCodec<Object> codec, Object state, long step) {
    long begin = nanoTime.getAsLong();
    DataFrameOutputStream out = new DataFrameOutputStream(writer);
    long outputBytes;
    try {
      OutputStream guarded = new ChannelGuard(out);
      new SnapshotEnvelope(step, codec.id()).writeTo(guarded);
      try {
        codec.encode(state, guarded);
      } catch (Throwable t) {
        throw new SnapshotPartFailed("codec " + codec.id() + " failed: " + t, t);
      }
      try {
        outputBytes = OutputSection.write(outputDir, guarded);
      } catch (IOException | RuntimeException e) {
        if (e instanceof WorkerGone) {
          throw e;
        }
        throw new SnapshotPartFailed("the output directory cannot be captured: " + e.getMessage(), e);
      }
      guarded.flush();
    } catch (Throwable t) {
      if (ChannelClosedException.isCause(t) || isChannelWriteFailure(t)) {
        throw new WorkerGone(t);
      }
      String why = t instanceof SnapshotPartFailed part ? part.getMessage() : "codec " + codec.id() + " failed: " + t;
      console.println("tern: snapshot at step " + step + " failed: " + why);
      send(FrameType.SNAPSHOT_FAILED, Messages.text(why));
      return;
    }
    long pause = nanoTime.getAsLong() - begin;
    send(FrameType.SNAPSHOT_END,
        new Messages.SnapshotEnd(step, out.bytesWritten(), pause, codec.id(), outputBytes).encode());
    console.printf("tern: snapshot at step %d, %d bytes (%d of output files), paused %d ms%n", step,
        out.bytesWritten(), outputBytes, TimeUnit.NANOSECONDS.toMillis(pause));
  }

  /** One part of a snapshot (the codec, the output directory) failed; the message says which and why. */
  private static final class SnapshotPartFailed extends RuntimeException {
    SnapshotPartFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private int finish(CheckpointableJob<Object> job, Object state, long step, RuntimeJobContext ctx) {
    byte[] json;
    try {
      Map<String, Object> result = job.result(state, ctx);
      json = JsonWriter.write(result == null ? Map.of() : result).getBytes(StandardCharsets.UTF_8);
      if (json.length > FrameType.MAX_PAYLOAD) {
        throw new IllegalStateException("the result is " + json.length + " bytes of JSON; the limit is "
            + FrameType.MAX_PAYLOAD);
      }
    } catch (Throwable t) {
      return fail(t);
    }
    send(FrameType.RESULT, json);
    DataFrameOutputStream out = new DataFrameOutputStream(writer);
    long outputBytes;
    try {
      OutputStream guarded = new ChannelGuard(out);
      outputBytes = OutputSection.write(outputDir, guarded);
      guarded.flush();
    } catch (WorkerGone e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      return fail(new IOException("the job's output directory cannot be published: " + e.getMessage(), e));
    }
    send(FrameType.OUTPUTS_END, java.nio.ByteBuffer.allocate(Long.BYTES).putLong(outputBytes).array());
    console.printf("tern: done after %d steps%n", step);
    return ExitCode.SUCCEEDED;
  }

  private double progress(CheckpointableJob<Object> job, Object state) {
    try {
      return job.progress(state);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private Object instantiate(String className) throws ReflectiveOperationException {
    // loaded without initialization: no static initializer of a class that is not a job may run
    Class<?> type = Class.forName(className, false, loader);
    if (!CheckpointableJob.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(className + " does not implement " + CheckpointableJob.class.getName());
    }
    return Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
  }

  private int fail(Throwable t) {
    if (t instanceof WorkerGone wg) {
      throw wg;
    }
    Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
        ? ite.getCause() : t;
    console.println("tern: the job failed:");
    cause.printStackTrace(console);
    sendFailure(cause);
    return ExitCode.FAILED;
  }

  private void sendFailure(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    send(FrameType.FAILED, new Messages.Failure(t.getClass().getName(), t.getMessage(), trace.toString()).encode());
  }

  private void log(String line) {
    console.println(line);
    try {
      writer.write(FrameType.LOG, Messages.text(line));
    } catch (IOException e) {
      // the control thread notices a closed channel and ends the process
    }
  }

  private void send(FrameType type, byte[] payload) {
    try {
      writer.write(type, payload);
    } catch (IOException e) {
      throw new WorkerGone(e);
    }
  }

  private static boolean isChannelWriteFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof WorkerGone || c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  private void startControlThread() {
    Thread control = new Thread(this::readControlFrames, "tern-control");
    control.setDaemon(true);
    control.start();
  }

  private void readControlFrames() {
    try {
      while (reader.next()) {
        switch (reader.type()) {
          case SNAPSHOT_REQUEST -> snapshotRequested.set(true);
          case STOP -> stopRequested.set(true);
          default -> console.println("tern: ignoring unexpected " + reader.type() + " frame");
        }
      }
    } catch (IOException e) {
      console.println("tern: control channel failed: " + e);
    }
    onWorkerGone.run();
  }

  /**
   * Passes the codec's bytes on and turns a failure of the channel into {@link WorkerGone}, so that
   * it is not mistaken for a failure of the codec.
   */
  private static final class ChannelGuard extends OutputStream {
    private final DataFrameOutputStream out;

    ChannelGuard(DataFrameOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new WorkerGone(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new WorkerGone(e);
      }
    }

    @Override
    public void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new WorkerGone(e);
      }
    }
  }

  /** The channel to the worker broke; the attempt cannot go on. */
  private static final class WorkerGone extends RuntimeException {
    WorkerGone(Throwable cause) {
      super(cause);
    }
  }
}
