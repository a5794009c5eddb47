package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** A read from a server that never answers fails after the timeout even when "no timeout" is asked. */
class ReadTimeoutSocketFactoryIT {

  @Test
  void aZeroReadTimeoutStillFailsAStalledRead() throws Exception {
    ReadTimeoutSocketFactory factory = new ReadTimeoutSocketFactory(300);
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket socket = factory.createSocket()) {
      socket.setSoTimeout(0); // what an HTTP client does when its own read timeout is off
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()), 5_000);
      try (Socket accepted = silent.accept()) {
        InputStream in = socket.getInputStream();
        long start = System.nanoTime();

        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
        assertThat(socket.getSoTimeout()).isEqualTo(300);
      }
    }
  }

  @Test
  void anExplicitTimeoutIsKept() throws Exception {
    try (Socket socket = new ReadTimeoutSocketFactory(300).createSocket()) {
      socket.setSoTimeout(1);
      assertThat(socket.getSoTimeout()).isEqualTo(1);
    }
  }
}
