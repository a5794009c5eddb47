package io.tern.sdk.internal.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Payloads of the control frames, with their binary encoding (big-endian, strings as int length + UTF-8). */
public final class Messages {

  /** Version of this protocol, sent in {@link Start}; the child refuses another. */
  public static final int PROTOCOL_VERSION = 1;

  private Messages() {}

  /** START: what to run. */
  public record Start(int protocolVersion, String jobId, int attempt, String jobClass,
      Map<String, String> parameters, boolean restore) {

    public byte[] encode() {
      return write(out -> {
        out.writeInt(protocolVersion);
        writeString(out, jobId);
        out.writeInt(attempt);
        writeString(out, jobClass);
        out.writeInt(parameters.size());
        for (Map.Entry<String, String> e : parameters.entrySet()) {
          writeString(out, e.getKey());
          writeString(out, e.getValue());
        }
        out.writeBoolean(restore);
      });
    }

    public static Start decode(ByteBuffer in) throws ProtocolException {
      return read("START", () -> {
        int version = in.getInt();
        String jobId = readString(in);
        int attempt = in.getInt();
        String jobClass = readString(in);
        int n = in.getInt();
        if (n < 0 || n > 100_000) {
          throw new ProtocolException("START announces " + n + " parameters");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          params.put(readString(in), readString(in));
        }
        return new Start(version, jobId, attempt, jobClass, params, in.get() != 0);
      });
    }
  }

  /** READY: the job's state is in place at {@code step}. */
  public record Ready(long step, long restoredBytes, long restoreNanos) {
    public byte[] encode() {
      return write(out -> {
        out.writeLong(step);
        out.writeLong(restoredBytes);
        out.writeLong(restoreNanos);
      });
    }

    public static Ready decode(ByteBuffer in) throws ProtocolException {
      return read("READY", () -> new Ready(in.getLong(), in.getLong(), in.getLong()));
    }
  }

  /** PROGRESS: steps done and the job's own estimate (NaN when unknown). */
  public record Progress(long step, double progress) {
    public byte[] encode() {
      return write(out -> {
        out.writeLong(step);
        out.writeDouble(progress);
      });
    }

    public static Progress decode(ByteBuffer in) throws ProtocolException {
      return read("PROGRESS", () -> new Progress(in.getLong(), in.getDouble()));
    }
  }

  /** SNAPSHOT_END: the snapshot of the state after {@code step} steps is complete. */
  public record SnapshotEnd(long step, long bytes, long pauseNanos, String codecId, long outputBytes) {
    /** A snapshot without an output section. */
    public SnapshotEnd(long step, long bytes, long pauseNanos, String codecId) {
      this(step, bytes, pauseNanos, codecId, 0);
    }

    public byte[] encode() {
      return write(out -> {
        out.writeLong(step);
        out.writeLong(bytes);
        out.writeLong(pauseNanos);
        writeString(out, codecId);
        out.writeLong(outputBytes);
      });
    }

    /** Reads SNAPSHOT_END; {@code outputBytes} is 0 when a runtime without outputs sent it. */
    public static SnapshotEnd decode(ByteBuffer in) throws ProtocolException {
      return read("SNAPSHOT_END", () -> new SnapshotEnd(in.getLong(), in.getLong(), in.getLong(), readString(in),
          in.remaining() >= Long.BYTES ? in.getLong() : 0));
    }
  }

  /** FAILED: the job threw. */
  public record Failure(String exceptionClass, String message, String stackTrace) {
    /** Longest stack trace text sent; longer ones are cut. */
    public static final int MAX_STACK_TRACE_CHARS = 64 * 1024;

    public byte[] encode() {
      String trace = stackTrace == null || stackTrace.length() <= MAX_STACK_TRACE_CHARS
          ? stackTrace
          : stackTrace.substring(0, MAX_STACK_TRACE_CHARS) + "\n\t... (cut)";
      String msg = message == null || message.length() <= MAX_STACK_TRACE_CHARS
          ? message
          : message.substring(0, MAX_STACK_TRACE_CHARS) + "... (cut)";
      return write(out -> {
        writeString(out, exceptionClass);
        writeString(out, msg);
        writeString(out, trace);
      });
    }

    public static Failure decode(ByteBuffer in) throws ProtocolException {
      return read("FAILED", () -> new Failure(readString(in), readString(in), readString(in)));
    }

    /** "class: message", as people read exceptions. */
    public String summary() {
      return message == null ? exceptionClass : exceptionClass + ": " + message;
    }
  }

  /** UTF-8 bytes of a text payload. */
  public static byte[] text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length <= FrameType.MAX_PAYLOAD ? b : java.util.Arrays.copyOf(b, FrameType.MAX_PAYLOAD);
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Parser<T> {
    T parse() throws ProtocolException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(String what, Parser<T> parser) throws ProtocolException {
    try {
      return parser.parse();
    } catch (BufferUnderflowException e) {
      throw new ProtocolException(what + " payload is too short");
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer in) throws ProtocolException {
    int len = in.getInt();
    if (len == -1) {
      return null;
    }
    if (len < 0 || len > in.remaining()) {
      throw new ProtocolException("string of " + len + " bytes in a payload with " + in.remaining() + " left");
    }
    byte[] b = new byte[len];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
