package io.tern.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The S3 client's sockets: a read from a server that never answers fails after the timeout even when
 * "no timeout" is asked, and the buffered input delivers exactly the bytes sent, in order.
 */
class StorageSocketFactoryIT {

  @Test
  void aZeroReadTimeoutStillFailsAStalledRead() throws Exception {
    StorageSocketFactory factory = new StorageSocketFactory(300);
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
  void bufferedInputDeliversEveryByteInOrderWhateverTheReadSizes() throws Exception {
    byte[] sent = new byte[3 * StorageSocketFactory.INPUT_BUFFER_BYTES + 12_345];
    new SplittableRandom(4).nextBytes(sent);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket socket = new StorageSocketFactory(5_000).createSocket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
      try (Socket accepted = server.accept()) {
        Thread writer = new Thread(() -> {
          try (OutputStream out = accepted.getOutputStream()) {
            out.write(sent);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        writer.start();
        InputStream in = socket.getInputStream();
        assertThat(socket.getInputStream()).isSameAs(in);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        received.write(in.read());
        byte[] small = new byte[8192]; // OkHttp's read size
        int n = in.read(small, 0, small.length);
        received.write(small, 0, n);
        byte[] large = new byte[2 * StorageSocketFactory.INPUT_BUFFER_BYTES]; // larger than the buffer
        while ((n = in.read(large, 0, large.length)) >= 0) {
          received.write(large, 0, n);
        }
        writer.join();

        assertThat(received.toByteArray()).isEqualTo(sent);
      }
    }
  }

  @Test
  void anExplicitTimeoutIsKept() throws Exception {
    try (Socket socket = new StorageSocketFactory(300).createSocket()) {
      socket.setSoTimeout(1);
      assertThat(socket.getSoTimeout()).isEqualTo(1);
    }
  }
}
