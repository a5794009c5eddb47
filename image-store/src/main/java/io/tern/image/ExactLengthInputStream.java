package io.tern.image;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The first {@code length} bytes of a stream; fails if it ends before them. */
final class ExactLengthInputStream extends FilterInputStream {

  private final String name;
  private long remaining;

  ExactLengthInputStream(InputStream in, long length, String name) {
    super(in);
    this.remaining = length;
    this.name = name;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException("output file " + name + " ended " + remaining
          + " bytes before the size it had at the checkpoint (it was truncated or rewritten)");
    }
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
