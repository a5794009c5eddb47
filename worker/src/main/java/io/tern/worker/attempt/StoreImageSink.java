package io.tern.worker.attempt;

import io.tern.image.CorruptImageException;
import io.tern.image.ImageDescriptor;
import io.tern.image.ImageNotFoundException;
import io.tern.image.ImageStore;
import io.tern.image.ImageWriteResult;
import io.tern.image.OutputSource;
import io.tern.protocol.CheckpointCorrupt;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Images in S3-compatible storage through the image store; its missing-manifest and corruption
 * errors become {@link DamagedImageException}s.
 */
public final class StoreImageSink implements ImageSink {

  private final ImageStore store;
  private final long maxOutputBytes;

  /**
   * @param store the worker's image store (holds the storage credentials)
   * @param maxOutputBytes {@code tern.worker.max-output-bytes}: a checkpoint whose output files hold
   *     more is refused
   */
  public StoreImageSink(ImageStore store, long maxOutputBytes) {
    if (maxOutputBytes < 0) {
      throw new IllegalArgumentException("tern.worker.max-output-bytes must not be negative, got " + maxOutputBytes);
    }
    this.store = store;
    this.maxOutputBytes = maxOutputBytes;
  }

  /**
   * Refuses {@code outputs} larger than {@code maxOutputBytes} in all, naming the setting.
   *
   * @throws IOException saying how large the output directory is
   */
  static void requireWithinLimit(List<OutputSource> outputs, long maxOutputBytes) throws IOException {
    long total = 0;
    for (OutputSource output : outputs) {
      total += output.size();
    }
    if (total > maxOutputBytes) {
      throw new IOException("the output directory holds " + total + " bytes in " + outputs.size()
          + " files, more than tern.worker.max-output-bytes (" + maxOutputBytes + ")");
    }
  }

  @Override
  public ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data,
      List<OutputSource> outputs, String previousManifestKey, String owner) throws IOException {
    requireWithinLimit(outputs, maxOutputBytes);
    return store.write(descriptor, manifestKey, data, outputs, previousManifestKey, owner);
  }

  @Override
  public long restoreOutputs(String manifestKey, Path dir) throws IOException {
    try {
      return store.restoreOutputs(manifestKey, store.readManifest(manifestKey), dir);
    } catch (IOException e) {
      throw translated(e);
    }
  }

  @Override
  public InputStream openForRestore(String manifestKey) throws IOException {
    try {
      return new Verified(store.openForRestore(manifestKey));
    } catch (IOException e) {
      throw translated(e);
    }
  }

  /** The damage {@code e} reports, as a {@link DamagedImageException}; {@code e} itself otherwise. */
  static IOException translated(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CorruptImageException corrupt) {
        return new DamagedImageException(new CheckpointCorrupt(corrupt.reason().name(),
            corrupt.chunkIndex() < 0 ? null : corrupt.chunkIndex(), corrupt.chunkHash(), corrupt.getMessage()), e);
      }
      if (t instanceof ImageNotFoundException missing) {
        return new DamagedImageException(new CheckpointCorrupt("MANIFEST_MISSING", null, null, missing.getMessage()), e);
      }
    }
    return e;
  }

  private static final class Verified extends FilterInputStream {
    Verified(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw translated(e);
      }
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      try {
        return in.read(buffer, off, len);
      } catch (IOException e) {
        throw translated(e);
      }
    }
  }
}
