package io.tern.sdk.internal.wire;

import java.io.IOException;

/** The kinds of frames; the byte code is what travels on the wire. */
public enum FrameType {
  /** worker → child: {@link Messages.Start}. */
  START(1),
  /** child → worker: {@link Messages.Ready}. */
  READY(2),
  /** child → worker: {@link Messages.Progress}. */
  PROGRESS(3),
  /** worker → child: take a snapshot at the next step boundary (empty payload). */
  SNAPSHOT_REQUEST(4),
  /** either way: a slice of a snapshot or a restore image. */
  DATA(5),
  /** worker → child: the restore image is complete (empty payload). */
  END(6),
  /** child → worker: the snapshot is complete, {@link Messages.SnapshotEnd}. */
  SNAPSHOT_END(7),
  /** child → worker: the snapshot could not be written; payload is a UTF-8 reason. */
  SNAPSHOT_FAILED(8),
  /** worker → child: the restore image could not be read; payload is a UTF-8 reason. */
  ABORT(9),
  /** worker → child: stop at the next step boundary (empty payload). */
  STOP(10),
  /** child → worker: the job finished; payload is the result as UTF-8 JSON. OUTPUTS_END follows. */
  RESULT(11),
  /** child → worker: the job failed, {@link Messages.Failure}. */
  FAILED(12),
  /** child → worker: a line the job logged; payload is UTF-8. */
  LOG(13),
  /**
   * child → worker, after RESULT: the output directory as the job left it ({@link OutputSection}) has
   * been sent in the DATA frames since RESULT; payload is its length in bytes (8 bytes, big-endian).
   * When it cannot be sent, FAILED follows RESULT instead.
   */
  OUTPUTS_END(14);

  /** Largest payload of a single frame: 1 MiB. */
  public static final int MAX_PAYLOAD = 1 << 20;

  private static final FrameType[] BY_CODE = new FrameType[32];

  static {
    for (FrameType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final byte code;

  FrameType(int code) {
    this.code = (byte) code;
  }

  /** The byte written on the wire. */
  public byte code() {
    return code;
  }

  /** The frame type of a wire code; an unknown code is a protocol error. */
  public static FrameType of(byte code) throws IOException {
    FrameType t = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (t == null) {
      throw new ProtocolException("unknown frame type " + code);
    }
    return t;
  }
}
