package io.tern.sdk.internal.runtime;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The runtime's header in front of the codec's bytes in every snapshot: magic {@code TRNI}, envelope
 * version, the step the state belongs to and the codec id. It makes an image self-describing: the
 * child restores the step count from it and refuses an image written by another codec.
 */
public record SnapshotEnvelope(long step, String codecId) {

  private static final int MAGIC = 0x54524e49; // "TRNI"
  private static final int VERSION = 1;

  /** Writes the envelope (does not flush). */
  public void writeTo(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeByte(VERSION);
    data.writeLong(step);
    data.writeUTF(codecId);
  }

  /** Reads an envelope; a stream that does not start with one fails with an IOException. */
  public static SnapshotEnvelope readFrom(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int magic = data.readInt();
    if (magic != MAGIC) {
      throw new IOException("not a Tern snapshot image (bad magic 0x" + Integer.toHexString(magic) + ")");
    }
    int version = data.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("unsupported snapshot envelope version " + version);
    }
    long step = data.readLong();
    if (step < 0) {
      throw new IOException("corrupt snapshot envelope: step " + step);
    }
    return new SnapshotEnvelope(step, data.readUTF());
  }
}
