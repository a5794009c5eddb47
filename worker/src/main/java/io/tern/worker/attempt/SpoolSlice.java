package io.tern.worker.attempt;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A byte range of a spooled snapshot as a stream: the state, or one output file's content. */
final class SpoolSlice extends FilterInputStream {

  private long remaining;

  private SpoolSlice(InputStream in, long length) {
    super(in);
    this.remaining = length;
  }

  /** Bytes {@code offset} to {@code offset + length - 1} of {@code spool} (fewer if it is shorter). */
  static InputStream open(Path spool, long offset, long length) throws IOException {
    FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ);
    try {
      channel.position(offset);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new SpoolSlice(Channels.newInputStream(channel), length);
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(n, remaining));
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }
}
