package io.tern.bench;

import io.tern.image.StorageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * s3proxy 4.x (filesystem-nio2 backend, objects as files under a directory) in a separate JVM on
 * 127.0.0.1, started from this process's class path, so client and server do not share a heap or a
 * garbage collector, as with a real S3 server on loopback. Signatures are checked.
 */
final class S3ServerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final StorageSettings settings;

  private S3ServerProcess(Process process, StorageSettings settings) {
    this.process = process;
    this.settings = settings;
  }

  /** Starts the server with its data under {@code dataDir}; returns once it accepts connections. */
  static S3ServerProcess start(Path dataDir, String bucket) throws IOException {
    int port = freePort();
    String accessKey = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    String secretKey = UUID.randomUUID().toString();
    Path blobs = Files.createDirectories(dataDir.resolve("blobs"));
    Properties properties = new Properties();
    properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
    properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    properties.setProperty("s3proxy.identity", accessKey);
    properties.setProperty("s3proxy.credential", secretKey);
    // the raw baseline PUTs a whole state in one request
    properties.setProperty("s3proxy.v4-max-non-chunked-request-size", String.valueOf(4L << 30));
    properties.setProperty("jclouds.provider", "filesystem-nio2");
    properties.setProperty("jclouds.filesystem.basedir", blobs.toString());
    properties.setProperty("jclouds.identity", accessKey);
    properties.setProperty("jclouds.credential", secretKey);
    Path file = dataDir.resolve("s3proxy.properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      properties.store(out, "tern bench");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx2g",
        "-Dorg.eclipse.jetty.LEVEL=WARN", "-cp", System.getProperty("java.class.path"),
        "org.gaul.s3proxy.Main", "--properties", file.toString()))
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("s3proxy.log").toFile());
    Process process = builder.start();
    S3ServerProcess server = new S3ServerProcess(process,
        new StorageSettings("http://127.0.0.1:" + port, accessKey, secretKey, bucket, "", null));
    server.awaitPort(port);
    return server;
  }

  StorageSettings settings() {
    return settings;
  }

  long pid() {
    return process.pid();
  }

  private void awaitPort(int port) throws IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("s3proxy exited with " + process.exitValue() + "; see s3proxy.log");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
    close();
    throw new IOException("s3proxy did not listen on port " + port + " within " + START_TIMEOUT);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
