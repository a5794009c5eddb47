package io.tern.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * The plain sockets the S3 client talks over, tuned for large GETs:
 *
 * <ul>
 *   <li>They never wait for data without a limit: a read timeout of zero ("wait forever") becomes
 *       {@code readTimeoutMillis}. Lets the HTTP client run without its own read watchdog (OkHttp's
 *       {@code AsyncTimeout}, which takes a lock and updates a queue on every 8 KiB read, about 40 % of
 *       the client's CPU for a large GET here) while a stalled server still fails a read with a
 *       {@link java.net.SocketTimeoutException} after the timeout.
 *   <li>Their input is buffered ({@value #INPUT_BUFFER_BYTES} bytes): OkHttp reads at most 8 KiB
 *       (one Okio segment) per call, which on a plain socket is one system call per 8 KiB; through the
 *       buffer one call takes whatever the connection holds. Measured on a 2-vCPU VM against s3proxy
 *       (docs/performance.md, session 4): restore of 16 MiB / 256 MiB / 1 GiB 1.32 / 1.20 / 1.15× the
 *       raw GET without it, 1.08–1.26 / 0.94–1.19 / 0.87–0.95× with it.
 *       A read that times out leaves the buffer as it was, so OkHttp's idle-connection health check
 *       (a read with a 1 ms timeout) works unchanged.
 * </ul>
 */
final class StorageSocketFactory extends SocketFactory {

  /** Bytes buffered per connection on the receiving side. */
  static final int INPUT_BUFFER_BYTES = 256 * 1024;

  private final int readTimeoutMillis;

  StorageSocketFactory(int readTimeoutMillis) {
    if (readTimeoutMillis <= 0) {
      throw new IllegalArgumentException("readTimeoutMillis must be positive");
    }
    this.readTimeoutMillis = readTimeoutMillis;
  }

  @Override
  public Socket createSocket() throws IOException {
    return new StorageSocket(readTimeoutMillis);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
    try {
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** A socket whose read timeout is never infinite and whose input is buffered. */
  private static final class StorageSocket extends Socket {

    private final int defaultTimeoutMillis;
    private InputStream input;

    StorageSocket(int defaultTimeoutMillis) throws SocketException {
      this.defaultTimeoutMillis = defaultTimeoutMillis;
      setSoTimeout(0);
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
      super.setSoTimeout(timeout == 0 ? defaultTimeoutMillis : timeout);
    }

    /** One buffered stream for the life of the socket; closing it closes the socket, as usual. */
    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) {
        input = new BufferedInputStream(super.getInputStream(), INPUT_BUFFER_BYTES);
      }
      return input;
    }
  }
}
