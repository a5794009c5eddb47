package io.tern.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;

/** Test data and shortcuts for image tests. */
final class TestImages {

  static final int KiB = 1024;
  static final int MiB = 1024 * 1024;

  private TestImages() {}

  static byte[] randomBytes(long seed, int size) {
    byte[] data = new byte[size];
    new SplittableRandom(seed).nextBytes(data);
    return data;
  }

  static ImageDescriptor descriptor(long jobId, long seq) {
    return new ImageDescriptor(jobId, 1, seq, seq * 100, "test-codec");
  }

  static ImageWriteResult write(ImageStore store, long jobId, long seq, byte[] data) throws IOException {
    return store.write(descriptor(jobId, seq), ImageStore.manifestKey(jobId, seq), new ByteArrayInputStream(data));
  }

  /** Writes an image of a job of {@code owner}, without a previous manifest. */
  static ImageWriteResult write(ImageStore store, long jobId, long seq, byte[] data, String owner) throws IOException {
    return store.write(descriptor(jobId, seq), ImageStore.manifestKey(jobId, seq), new ByteArrayInputStream(data),
        null, owner);
  }

  static byte[] readAll(ImageStore store, String manifestKey) throws IOException {
    try (RestoreStream in = store.openForRestore(manifestKey)) {
      return in.readAllBytes();
    }
  }

  /** Copies {@code in} in small reads until it ends or fails; {@code out} keeps what was delivered. */
  static void drainInto(InputStream in, ByteArrayOutputStream out) throws IOException {
    byte[] buffer = new byte[64 * KiB];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
    }
  }
}
