package io.tern.webui;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged one-command launcher ({@code tern-standalone.jar}: embedded PostgreSQL, S3, the
 * scheduler and two workers) started as its own process, exactly as a user starts it.
 */
final class StandaloneProcess implements AutoCloseable {

  private final Process process;
  private final Path dataDir;
  private final URI baseUrl;

  private StandaloneProcess(Process process, Path dataDir, URI baseUrl) {
    this.process = process;
    this.dataDir = dataDir;
    this.baseUrl = baseUrl;
  }

  /** Starts the launcher on a free port and waits until the scheduler is healthy. */
  static StandaloneProcess start(Path dataDir, Path log) throws IOException {
    String jar = System.getProperty("standalone.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property standalone.jar must name tern-standalone.jar, got " + jar);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(List.of(java, "-Xmx768m", "-jar", jar,
            "--data-dir", dataDir.toString(), "--port", Integer.toString(port), "--workers", "2", "--slots", "2"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    StandaloneProcess tern = new StandaloneProcess(p, dataDir, URI.create("http://127.0.0.1:" + port));
    HttpClient http = HttpClient.newHttpClient();
    try {
      await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
        if (!p.isAlive()) {
          throw new IllegalStateException("tern-standalone exited with " + p.exitValue() + "; see " + log);
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(tern.baseUrl.resolve("/actuator/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && Files.exists(tern.adminTokenFile());
      });
    } catch (RuntimeException e) {
      tern.close();
      throw e;
    }
    return tern;
  }

  URI baseUrl() {
    return baseUrl;
  }

  Path adminTokenFile() {
    return dataDir.resolve("admin.token");
  }

  /** Stops it as Ctrl+C does (its shutdown hook stops workers, jobs, S3 and PostgreSQL in order). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
