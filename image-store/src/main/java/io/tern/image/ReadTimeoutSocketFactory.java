package io.tern.image;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Plain sockets that never wait for data without a limit: a read timeout of zero ("wait forever")
 * becomes {@code readTimeoutMillis}. Lets the HTTP client run without its own read watchdog (OkHttp's
 * {@code AsyncTimeout}, which takes a lock and updates a queue on every 8 KiB read, about 40 % of the
 * client's CPU for a large GET here) while a stalled server still fails a read with a
 * {@link java.net.SocketTimeoutException} after the timeout.
 */
final class ReadTimeoutSocketFactory extends SocketFactory {

  private final int readTimeoutMillis;

  ReadTimeoutSocketFactory(int readTimeoutMillis) {
    if (readTimeoutMillis <= 0) {
      throw new IllegalArgumentException("readTimeoutMillis must be positive");
    }
    this.readTimeoutMillis = readTimeoutMillis;
  }

  @Override
  public Socket createSocket() throws IOException {
    return new ReadTimeoutSocket(readTimeoutMillis);
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

  /** A socket whose read timeout is never infinite. */
  private static final class ReadTimeoutSocket extends Socket {

    private final int defaultTimeoutMillis;

    ReadTimeoutSocket(int defaultTimeoutMillis) throws SocketException {
      this.defaultTimeoutMillis = defaultTimeoutMillis;
      setSoTimeout(0);
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
      super.setSoTimeout(timeout == 0 ? defaultTimeoutMillis : timeout);
    }
  }
}
