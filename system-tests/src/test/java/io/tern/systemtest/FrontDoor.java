package io.tern.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The address workers and clients use for "the scheduler", as a load balancer or a Kubernetes
 * Service gives it in production: a TCP relay that connects each new connection to the first
 * scheduler replica that accepts it. When a replica dies its connections break and the clients'
 * next connections reach another replica.
 */
final class FrontDoor implements AutoCloseable {

  private final ServerSocket server;
  private final IntSupplier[] backends;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** @param backends ports of the replicas, in order of preference (a port of 0 or less is skipped) */
  FrontDoor(IntSupplier... backends) throws IOException {
    this.backends = backends;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "front-door-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread relay = new Thread(() -> relay(client), "front-door-relay");
      relay.setDaemon(true);
      relay.start();
    }
  }

  private void relay(Socket client) {
    Socket upstream = connectToAReplica();
    if (upstream == null) {
      closeQuietly(client);
      return;
    }
    open.add(client);
    open.add(upstream);
    Thread back = new Thread(() -> pump(upstream, client), "front-door-pump");
    back.setDaemon(true);
    back.start();
    pump(client, upstream);
  }

  private Socket connectToAReplica() {
    for (IntSupplier backend : backends) {
      int port = backend.getAsInt();
      if (port <= 0) {
        continue;
      }
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return s;
      } catch (IOException e) {
        closeQuietly(s);
      }
    }
    return null;
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side is gone: close both
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  /** Breaks every relayed connection (as when the replica behind them dies). */
  void dropConnections() {
    open.forEach(FrontDoor::closeQuietly);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    dropConnections();
  }
}
