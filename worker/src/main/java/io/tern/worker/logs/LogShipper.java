package io.tern.worker.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Ships one attempt's output file ({@code output.log}: the job's stdout, stderr and
 * {@code ctx.log()} lines) to storage as it grows. Each {@link #ship(boolean)} reads what was
 * appended since the last one, formats its complete lines ({@link LogLineFormat}: time, escaping,
 * long lines cut), drops lines past the job's cap, and stores them as segments numbered by their
 * byte offset in the attempt's shipped log. Segments are stored strictly in order; one that fails
 * stays queued with the same offset and bytes and is stored again at the next ship, so storage
 * never holds a gap, a partial segment or a line twice. The last ship ({@code end = true}) also
 * ships an unterminated last line and says how many lines the cap dropped.
 *
 * <p>Thread-safe: ships are serialized; a ship that finds another under way returns at once.
 */
public final class LogShipper {

  /** Bytes read from the file at a time. */
  private static final int READ_BYTES = 1 << 20;
  /** Sealed segments held in memory at most while storage refuses them; the rest waits in the file. */
  private static final int MAX_QUEUED_SEGMENTS = 4;

  private final long jobId;
  private final int attempt;
  private final Path file;
  private final LogSegmentSink sink;
  private final LogSettings settings;
  private final Clock clock;
  private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

  /** Bytes of the file read so far. */
  private long fileOffset;
  /** The unterminated line read so far (at most maxLineBytes), and how many of its bytes were cut. */
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private long partialCut;
  /** The segment being filled. */
  private ByteArrayOutputStream current = new ByteArrayOutputStream();
  /** Offset of the first byte of {@link #current} (or of the oldest queued segment). */
  private long nextOffset;
  private final Deque<Pending> queued = new ArrayDeque<>();
  private long budget;
  private long droppedLines;
  private long droppedBytes;
  private boolean ended;

  private record Pending(long offset, byte[] data) {}

  /**
   * @param storedBytes bytes of log the job's earlier attempts already have in storage (they count
   *     against {@link LogSettings#maxBytesPerJob()})
   */
  public LogShipper(long jobId, int attempt, Path file, long storedBytes, LogSegmentSink sink, LogSettings settings, Clock clock) {
    this.jobId = jobId;
    this.attempt = attempt;
    this.file = file;
    this.sink = sink;
    this.settings = settings;
    this.clock = clock;
    this.budget = Math.max(0, settings.maxBytesPerJob() - storedBytes);
  }

  /** Bytes of this attempt's log stored so far. */
  public long shippedBytes() {
    lock.lock();
    try {
      return queued.isEmpty() ? nextOffset - current.size() : queued.peekFirst().offset();
    } finally {
      lock.unlock();
    }
  }

  /** Lines dropped so far because the job's log reached its cap. */
  public long droppedLines() {
    lock.lock();
    try {
      return droppedLines;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ships what the file gained since the last ship. With {@code end} (the process is gone, the file is
   * complete) waits for a ship under way, ships the unterminated last line and the drop marker, and
   * afterwards ships nothing more.
   *
   * @return true when everything read is in storage
   * @throws IOException when storage refused a segment (it stays queued for the next ship)
   */
  public boolean ship(boolean end) throws IOException {
    if (end) {
      lock.lock();
    } else if (!lock.tryLock()) {
      return false; // another ship is under way; it takes these lines too
    }
    try {
      if (ended) {
        flushQueued(); // segments a failed last ship left
        return true;
      }
      flushQueued();
      Instant at = clock.instant();
      readFile(at);
      if (end) {
        if (partial.size() > 0 || partialCut > 0) {
          line(at);
        }
        if (droppedLines > 0) {
          LogLineFormat.appendMarker(current, at, droppedLines + " lines (" + droppedBytes
              + " bytes) dropped: the job's log reached tern.worker.logs.max-bytes-per-job=" + settings.maxBytesPerJob());
        }
        ended = true;
      }
      seal();
      flushQueued();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void readFile(Instant at) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return; // the process has not written yet
    }
    try (channel) {
      ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
      while (true) {
        if (queued.size() >= MAX_QUEUED_SEGMENTS) {
          flushQueued(); // throws while storage refuses them: the rest waits in the file
        }
        buffer.clear();
        int n = channel.read(buffer, fileOffset);
        if (n <= 0) {
          return;
        }
        fileOffset += n;
        byte[] data = buffer.array();
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (data[i] == '\n') {
            keep(data, start, i);
            line(at);
            start = i + 1;
          }
        }
        keep(data, start, n);
      }
    }
  }

  /** Adds {@code data[from, to)} to the unterminated line, cutting it at the line limit. */
  private void keep(byte[] data, int from, int to) {
    int room = Math.max(0, settings.maxLineBytes() - partial.size());
    int kept = Math.min(room, to - from);
    partial.write(data, from, kept);
    partialCut += (to - from) - kept;
  }

  /** Formats the line in {@link #partial} into the current segment, or drops it past the cap. */
  private void line(Instant at) {
    ByteArrayOutputStream formatted = new ByteArrayOutputStream(partial.size() + 64);
    int length = LogLineFormat.append(formatted, at, partial.toByteArray(), partial.size(), partialCut, settings.maxLineBytes());
    partial.reset();
    partialCut = 0;
    if (length > budget) {
      droppedLines++;
      droppedBytes += length;
      budget = 0; // later, shorter lines are dropped too: the log stops where the cap was reached
      return;
    }
    budget -= length;
    current.write(formatted.toByteArray(), 0, length);
    nextOffset += length;
    if (current.size() >= settings.segmentBytes()) {
      seal();
    }
  }

  private void seal() {
    if (current.size() == 0) {
      return;
    }
    byte[] data = current.toByteArray();
    queued.addLast(new Pending(nextOffset - data.length, data));
    current = new ByteArrayOutputStream();
  }

  private void flushQueued() throws IOException {
    while (!queued.isEmpty()) {
      Pending p = queued.peekFirst();
      sink.put(jobId, attempt, p.offset(), p.data());
      queued.removeFirst();
    }
  }
}
