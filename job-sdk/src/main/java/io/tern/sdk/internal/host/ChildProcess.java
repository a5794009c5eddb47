package io.tern.sdk.internal.host;

import io.tern.sdk.internal.wire.DataFrameOutputStream;
import io.tern.sdk.internal.wire.FrameReader;
import io.tern.sdk.internal.wire.FrameType;
import io.tern.sdk.internal.wire.FrameWriter;
import io.tern.sdk.internal.wire.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One child JVM running one attempt of a job, seen from the worker.
 *
 * <p>Life cycle: {@link #launch} starts the process and waits for it to connect to the attempt's
 * socket; {@link #start} sends the job (and streams the restore image, if any) and waits until the
 * job runs; {@link #snapshot} may then be called any number of times (one at a time, from any
 * thread); {@link #outcome()} completes when the process has ended. {@link #stop}, {@link #kill()}
 * and {@link #close()} end it early.
 *
 * <p>Every blocking call has a way out: when the process ends, waits fail with an
 * {@link IOException} instead of hanging. A call may block as long as the child is alive and busy
 * (e.g. a snapshot waits for the current step to finish); call {@link #kill()} from another thread
 * to bound it.
 */
public final class ChildProcess implements AutoCloseable {

  /** The child's stdout and stderr, in the attempt directory. */
  public static final String OUTPUT_LOG = "output.log";
  /** The socket's file name, in the attempt directory. */
  public static final String SOCKET_NAME = "tern.sock";
  /** How long {@link #launch(ChildProcessSpec, ChildListener)} waits for the child to connect. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private static final int MAX_SOCKET_PATH_BYTES = 100;
  private static final Duration READER_GRACE = Duration.ofSeconds(5);

  private final ChildProcessSpec spec;
  private final Process process;
  private final SocketChannel channel;
  private final Path socketPath;
  private final FrameWriter writer;
  private final ChildListener listener;
  private final CompletableFuture<ReadyInfo> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> readerDone = new CompletableFuture<>();
  private final CompletableFuture<ChildOutcome> outcome = new CompletableFuture<>();
  private final ReentrantLock snapshotLock = new ReentrantLock();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile PendingSnapshot pendingSnapshot;
  /** Receives the output section the child sends after the job's last step. */
  private volatile PendingSnapshot finalOutputs;
  /** The length of that section once it is complete and in its sink; -1 before. */
  private volatile long finalOutputBytes = -1;
  private volatile String resultJson;
  private volatile Messages.Failure failure;
  private volatile boolean endRequested;
  private volatile long lastStep;
  private volatile double lastProgress = Double.NaN;

  private ChildProcess(ChildProcessSpec spec, Process process, SocketChannel channel, Path socketPath,
      ChildListener listener) {
    this.spec = spec;
    this.process = process;
    this.channel = channel;
    this.socketPath = socketPath;
    this.writer = new FrameWriter(channel);
    this.listener = listener;
    Thread reader = new Thread(this::readFrames, "tern-child-" + process.pid() + "-reader");
    reader.setDaemon(true);
    reader.start();
    process.onExit().thenRun(this::onProcessExit);
  }

  /** {@link #launch(ChildProcessSpec, ChildListener, Duration)} with {@link #DEFAULT_CONNECT_TIMEOUT}. */
  public static ChildProcess launch(ChildProcessSpec spec, ChildListener listener) throws IOException {
    return launch(spec, listener, DEFAULT_CONNECT_TIMEOUT);
  }

  /**
   * Creates the attempt directory and its socket {@code tern.sock}, starts
   * {@code java -Xmx<heap>m -XX:+UseSerialGC <extra> -cp <classpath> ChildMain <socket>} in it (environment
   * cleared except PATH, LANG, TZ, and HOME = attempt directory; stdout and stderr appended to
   * {@code output.log}) and waits until the child connects. The socket file is removed once the
   * child is connected. Fails (and kills the process) when the child exits or does not connect in time.
   */
  public static ChildProcess launch(ChildProcessSpec spec, ChildListener listener, Duration connectTimeout)
      throws IOException {
    Path dir = Files.createDirectories(spec.attemptDir().toAbsolutePath());
    Path socket = socketPathFor(dir);
    Files.deleteIfExists(socket);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket), 1);
      Process process = ChildCommand.build(spec, socket, System.getenv()).start();
      try {
        SocketChannel channel = accept(server, process, connectTimeout, dir);
        return new ChildProcess(spec, process, channel, socket, listener == null ? ChildListener.ignoring() : listener);
      } catch (IOException | RuntimeException e) {
        destroyTree(process);
        throw e;
      }
    } finally {
      Files.deleteIfExists(socket);
    }
  }

  /**
   * Sends the job to the child and blocks until it runs. With a restore image, streams it into the
   * child's codec first; without, the child calls {@code init}. Fails with an IOException when the
   * job fails before it runs (class not found, {@code init} or decoding threw: the message says
   * which), when the image cannot be read (the child is told to abort), or when the process ends.
   * Call once.
   */
  public ReadyInfo start(InputStream restoreImageOrNull) throws IOException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("start() was already called");
    }
    boolean restore = restoreImageOrNull != null;
    try {
      writer.write(FrameType.START, new Messages.Start(Messages.PROTOCOL_VERSION, spec.jobId(), spec.attemptNumber(),
          spec.jobClass(), spec.parameters(), restore).encode());
      if (restore) {
        streamRestoreImage(restoreImageOrNull);
      }
    } catch (IOException e) {
      if (ready.isCompletedExceptionally()) {
        await(ready); // the child's own explanation is better than a broken pipe
      }
      throw new IOException("sending the job to the child failed (" + describeExit() + "): " + e.getMessage(), e);
    }
    return await(ready);
  }

  /**
   * Asks the child for a snapshot at its next step boundary and copies the state's bytes into
   * {@code sink}; returns when the child reports the snapshot complete. The sink is written on this
   * child's reader thread while this call blocks; it is neither flushed nor closed. Safe to call
   * from any thread; concurrent calls run one after the other. Fails with an IOException when the
   * child's codec fails (the job keeps running), when writing to the sink fails, or when the job
   * finishes or the process ends first.
   */
  public SnapshotInfo snapshot(OutputStream sink) throws IOException {
    if (!ready.isDone() || ready.isCompletedExceptionally()) {
      throw new IllegalStateException("the job is not running (call start() first)");
    }
    snapshotLock.lock();
    try {
      PendingSnapshot pending = new PendingSnapshot(sink);
      pendingSnapshot = pending;
      if (readerDone.isDone() || resultJson != null || failure != null) {
        throw new IOException("cannot snapshot: " + (resultJson != null ? "the job has finished" : "the child has ended"));
      }
      writer.write(FrameType.SNAPSHOT_REQUEST);
      return await(pending.done);
    } finally {
      pendingSnapshot = null;
      snapshotLock.unlock();
    }
  }

  /**
   * Where the output section the child sends after the job's last step goes (the job's output
   * directory as the job left it); written on this child's reader thread, neither flushed nor closed.
   * A SUCCEEDED outcome carries the section's length, or -1 when it did not arrive whole. Call before
   * the job can finish (before {@link #start}); without a sink the section is dropped (length -1).
   */
  public void collectOutputs(OutputStream sink) {
    finalOutputs = new PendingSnapshot(sink);
  }

  /** Completes once the process has ended; never completes exceptionally. */
  public CompletableFuture<ChildOutcome> outcome() {
    return outcome;
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** The last step the child reported (READY, PROGRESS or a snapshot). */
  public long lastStep() {
    return lastStep;
  }

  /** The last progress fraction the child reported, NaN when unknown. */
  public double lastProgress() {
    return lastProgress;
  }

  /**
   * Asks the child to stop at its next step boundary, waits up to {@code grace} for it to exit, then
   * kills it. Returns once the process has ended. The outcome is KILLED unless the job had already
   * reported a result or failure.
   */
  public void stop(Duration grace) {
    endRequested = true;
    if (process.isAlive()) {
      try {
        writer.write(FrameType.STOP);
      } catch (IOException e) {
        // the child is already going away
      }
    }
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        process.waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  /** Kills the process and its descendants at once (SIGKILL). Does not wait. */
  public void kill() {
    endRequested = true;
    destroyTree(process);
  }

  /** Kills the process if it is still alive, waits briefly for it, and releases the socket. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeChannel();
    try {
      Files.deleteIfExists(socketPath);
      if (!socketPath.getParent().equals(spec.attemptDir().toAbsolutePath())) {
        Files.deleteIfExists(socketPath.getParent()); // the private temporary directory of a long path
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "ChildProcess[pid=" + process.pid() + ", job=" + spec.jobId() + ", attempt=" + spec.attemptNumber() + "]";
  }

  // --- restore -------------------------------------------------------------------------------

  private void streamRestoreImage(InputStream image) throws IOException {
    DataFrameOutputStream out = new DataFrameOutputStream(writer);
    byte[] buffer = new byte[FrameType.MAX_PAYLOAD];
    while (true) {
      int n;
      try {
        n = image.read(buffer);
      } catch (IOException | RuntimeException e) {
        try {
          out.flush();
          writer.write(FrameType.ABORT, Messages.text("the restore image could not be read: " + e));
        } catch (IOException ignored) {
          // the child ends anyway
        }
        throw new RestoreImageException(e);
      }
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
    }
    out.flush();
    writer.write(FrameType.END);
  }

  /** Reading the restore image failed (not the channel). */
  private static final class RestoreImageException extends IOException {
    RestoreImageException(Throwable cause) {
      super("the restore image could not be read: " + cause.getMessage(), cause);
    }
  }

  // --- frames from the child ------------------------------------------------------------------

  private void readFrames() {
    FrameReader reader = new FrameReader(channel);
    try {
      while (reader.next()) {
        handle(reader);
      }
    } catch (IOException e) {
      // the channel closed or broke: the process is ending
    } finally {
      readerDone.complete(null);
      IOException ended = new IOException("the child process ended (" + describeExit() + ")");
      ready.completeExceptionally(ended);
      PendingSnapshot pending = pendingSnapshot;
      if (pending != null) {
        pending.done.completeExceptionally(ended);
      }
    }
  }

  private void handle(FrameReader reader) throws IOException {
    ByteBuffer payload = reader.payload();
    switch (reader.type()) {
      case READY -> {
        Messages.Ready r = Messages.Ready.decode(payload);
        lastStep = r.step();
        ready.complete(new ReadyInfo(r.step(), r.restoredBytes(), r.restoreNanos()));
      }
      case PROGRESS -> {
        Messages.Progress p = Messages.Progress.decode(payload);
        lastStep = p.step();
        lastProgress = p.progress();
        try {
          listener.onProgress(p.step(), p.progress());
        } catch (RuntimeException e) {
          // a faulty listener must not stop the reader
        }
      }
      case LOG -> {
        try {
          listener.onLog(reader.payloadText());
        } catch (RuntimeException e) {
          // see above
        }
      }
      case DATA -> {
        if (resultJson != null) {
          PendingSnapshot outputs = finalOutputs; // after RESULT: the job's final output section
          if (outputs != null) {
            outputs.write(payload);
          }
        } else {
          PendingSnapshot pending = pendingSnapshot;
          if (pending != null) {
            pending.write(payload);
          }
        }
      }
      case OUTPUTS_END -> {
        long bytes = payload.remaining() == Long.BYTES ? payload.getLong() : -1;
        PendingSnapshot outputs = finalOutputs;
        if (outputs != null && bytes >= 0 && outputs.sinkError == null && outputs.received == bytes) {
          finalOutputBytes = bytes;
        }
      }
      case SNAPSHOT_END -> {
        Messages.SnapshotEnd end = Messages.SnapshotEnd.decode(payload);
        lastStep = end.step();
        PendingSnapshot pending = pendingSnapshot;
        if (pending != null) {
          pending.finish(new SnapshotInfo(end.step(), end.bytes(), end.pauseNanos(), end.codecId(), end.outputBytes()));
        }
      }
      case SNAPSHOT_FAILED -> {
        PendingSnapshot pending = pendingSnapshot;
        if (pending != null) {
          pending.done.completeExceptionally(new IOException("the child could not write the snapshot: "
              + reader.payloadText()));
        }
      }
      case RESULT -> {
        resultJson = reader.payloadText();
        failPendingSnapshot("the job finished before the snapshot was taken");
      }
      case FAILED -> {
        Messages.Failure f = Messages.Failure.decode(payload);
        failure = f;
        ready.completeExceptionally(new IOException("the job failed: " + f.summary()));
        failPendingSnapshot("the job failed: " + f.summary());
      }
      default -> {
        // frames only the worker sends; ignore
      }
    }
  }

  private void failPendingSnapshot(String why) {
    PendingSnapshot pending = pendingSnapshot;
    if (pending != null) {
      pending.done.completeExceptionally(new IOException(why));
    }
  }

  // --- end of the process ---------------------------------------------------------------------

  private void onProcessExit() {
    // the reader sees the channel close right after the exit; give it a moment to drain the last frames
    readerDone.completeOnTimeout(null, READER_GRACE.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
      closeChannel();
      int code = process.exitValue();
      IOException ended = new IOException("the child process ended (" + describeExit() + ")");
      ready.completeExceptionally(ended);
      failPendingSnapshot(ended.getMessage());
      outcome.complete(classify(code));
    });
  }

  private ChildOutcome classify(int exitCode) {
    Messages.Failure f = failure; // first: the output section after RESULT may have failed
    if (f != null) {
      return new ChildOutcome(ChildOutcome.Kind.FAILED, null, f.summary(), f.stackTrace(), exitCode);
    }
    if (resultJson != null) {
      return new ChildOutcome(ChildOutcome.Kind.SUCCEEDED, resultJson, null, null, exitCode, finalOutputBytes);
    }
    if (endRequested) {
      return new ChildOutcome(ChildOutcome.Kind.KILLED, null, "stopped by the worker (exit code " + exitCode + ")",
          null, exitCode);
    }
    return new ChildOutcome(ChildOutcome.Kind.DIED, null,
        "process exited with code " + exitCode + " without reporting", null, exitCode);
  }

  private String describeExit() {
    return process.isAlive() ? "process still alive" : "exit code " + process.exitValue();
  }

  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  private static Path socketPathFor(Path dir) throws IOException {
    Path socket = dir.resolve(SOCKET_NAME);
    if (socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES) {
      return socket;
    }
    // Unix socket paths are limited to ~107 bytes: fall back to a private temporary directory
    Path tmp = Files.createTempDirectory("tern-");
    return tmp.resolve(SOCKET_NAME);
  }

  private static SocketChannel accept(ServerSocketChannel server, Process process, Duration timeout, Path dir)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    server.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      server.register(selector, SelectionKey.OP_ACCEPT);
      while (true) {
        selector.select(100);
        SocketChannel channel = server.accept();
        if (channel != null) {
          channel.configureBlocking(true);
          return channel;
        }
        if (!process.isAlive()) {
          throw new IOException("the child exited with code " + process.exitValue() + " before connecting; see "
              + dir.resolve(OUTPUT_LOG));
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("the child did not connect within " + timeout + "; see " + dir.resolve(OUTPUT_LOG));
        }
      }
    }
  }

  private static void destroyTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static <T> T await(CompletableFuture<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the child");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      throw new IOException(cause);
    }
  }

  /** A snapshot being received: the sink, the first error writing to it, and its completion. */
  private static final class PendingSnapshot {
    final OutputStream sink;
    final CompletableFuture<SnapshotInfo> done = new CompletableFuture<>();
    IOException sinkError;
    long received;

    PendingSnapshot(OutputStream sink) {
      this.sink = sink;
    }

    void write(ByteBuffer data) {
      received += data.remaining();
      if (sinkError != null) {
        return;
      }
      try {
        sink.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
      } catch (IOException e) {
        sinkError = e;
      } catch (RuntimeException e) {
        sinkError = new IOException(e);
      }
    }

    void finish(SnapshotInfo info) {
      if (sinkError != null) {
        done.completeExceptionally(new IOException("writing the snapshot to its sink failed: " + sinkError, sinkError));
      } else if (received != info.bytes()) {
        done.completeExceptionally(new IOException("received " + received + " snapshot bytes but the child sent "
            + info.bytes()));
      } else {
        done.complete(info);
      }
    }
  }
}
