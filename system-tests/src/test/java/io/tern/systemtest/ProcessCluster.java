package io.tern.systemtest;

import static org.awaitility.Awaitility.await;

import io.tern.testsupport.TernClient;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A whole Tern cluster made of real OS processes on 127.0.0.1: PostgreSQL (real binaries, in this
 * JVM's control), an S3 server (s3proxy) in its own process, one or two scheduler processes behind a
 * {@link FrontDoor}, and N worker processes whose jobs run in their own child JVMs. Each process
 * writes its output to a log under {@code target/system-tests/<run>/logs/}. Faults are injected with
 * real signals: {@code kill -9}, {@code kill -STOP/-CONT}, stopping S3 or PostgreSQL.
 *
 * <p>Every process the cluster started, and every process whose command line mentions the run's
 * directory (job JVMs, even orphaned ones), is killed by {@link #close()}.
 */
final class ProcessCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessCluster.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final ClusterOptions options;
  private final Path root;
  private final String joinToken = secret("");
  private final String adminToken = secret("tern_at_");
  private final String s3AccessKey = "tern-" + secret("").substring(0, 12);
  private final String s3SecretKey = secret("");
  private final String manifestKey = secret("");
  private final PostgresServer postgres;
  private final ManagedProcess s3;
  private final int s3Port;
  private final List<ManagedProcess> schedulers = new ArrayList<>();
  private final List<Integer> schedulerPorts = new ArrayList<>();
  private final List<ManagedProcess> workers = new ArrayList<>();
  private final FrontDoor frontDoor;
  private final TernClient api;
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "cluster-descendant-watcher");
    t.setDaemon(true);
    return t;
  });

  private ProcessCluster(ClusterOptions options) throws IOException {
    this.options = options;
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
    this.root = Path.of("target", "system-tests", options.name() + "-" + stamp).toAbsolutePath();
    Files.createDirectories(root.resolve("logs"));
    this.postgres = new PostgresServer(root.resolve("postgres"), freePort());
    this.s3Port = freePort();
    this.s3 = ManagedProcess.java("s3", S3ServerMain.class.getName(), List.of("-Xmx256m", "-XX:+UseSerialGC"),
        Map.of("port", Integer.toString(s3Port), "dir", root.resolve("s3").toString(), "access-key", s3AccessKey,
            "secret-key", s3SecretKey), logOf("s3"));
    for (int i = 0; i < options.schedulers(); i++) {
      schedulerPorts.add(freePort());
    }
    this.frontDoor = new FrontDoor(schedulerPorts.stream()
        .map(port -> (java.util.function.IntSupplier) () -> port).toArray(java.util.function.IntSupplier[]::new));
    this.api = new TernClient(URI.create("http://127.0.0.1:" + frontDoor.port())).withBearer(adminToken);
    for (int i = 0; i < options.schedulers(); i++) {
      schedulers.add(ManagedProcess.java("scheduler-" + i, "io.tern.scheduler.SchedulerApplication",
          List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), schedulerProperties(i), logOf("scheduler-" + i)));
    }
    for (int i = 0; i < options.workers(); i++) {
      String name = "worker-" + i;
      workers.add(ManagedProcess.java(name, "io.tern.worker.WorkerApplication",
          List.of("-Xmx256m", "-XX:+UseSerialGC"), workerProperties(name), logOf(name)));
    }
  }

  /** Starts PostgreSQL, S3, the schedulers and the workers, and waits until every worker is registered. */
  static ProcessCluster start(ClusterOptions options) throws IOException {
    ProcessCluster cluster = new ProcessCluster(options);
    try {
      cluster.watcher.scheduleWithFixedDelay(cluster::rememberDescendants, 0, 200, TimeUnit.MILLISECONDS);
      cluster.postgres.start();
      cluster.startS3();
      // everything starts together: Flyway's lock lets one replica migrate the schema, and workers
      // retry their registration (with backoff) until a replica answers
      for (int i = 0; i < options.schedulers(); i++) {
        cluster.schedulers.get(i).start();
      }
      for (int i = 0; i < options.workers(); i++) {
        cluster.workers.get(i).start();
      }
      for (int i = 0; i < options.schedulers(); i++) {
        cluster.awaitSchedulerHealthy(i);
      }
      for (ManagedProcess worker : cluster.workers) {
        cluster.awaitWorkerActive(worker);
      }
      log.info("cluster {} is up in {}", options.name(), cluster.root);
      return cluster;
    } catch (RuntimeException | IOException | Error e) {
      cluster.close();
      throw e;
    }
  }

  TernClient api() {
    return api;
  }

  Path root() {
    return root;
  }

  ClusterOptions options() {
    return options;
  }

  /** The REST API of replica {@code i} directly, not through the front door. */
  TernClient directApi(int i) {
    return new TernClient(URI.create("http://127.0.0.1:" + schedulerPorts.get(i))).withBearer(adminToken);
  }

  ManagedProcess worker(int i) {
    return workers.get(i);
  }

  List<ManagedProcess> workers() {
    return List.copyOf(workers);
  }

  ManagedProcess scheduler(int i) {
    return schedulers.get(i);
  }

  // --- faults -----------------------------------------------------------------------------------

  /** {@code kill -9} of a worker process; its job JVMs notice their worker is gone and exit. */
  void kill9(ManagedProcess process) {
    log.info("kill -9 {}", process);
    process.kill9();
  }

  /** {@code kill -STOP}: the worker freezes; its job JVMs keep running. */
  void sigstop(ManagedProcess process) {
    log.info("kill -STOP {}", process);
    process.pause();
  }

  /** {@code kill -CONT}. */
  void sigcont(ManagedProcess process) {
    log.info("kill -CONT {}", process);
    process.resume();
  }

  /** Starts a worker again (same name, same work directory) and waits until it is registered. */
  void restartWorker(ManagedProcess worker) {
    worker.start();
    awaitWorkerActive(worker);
  }

  /** Stops the S3 server process (kill -9); its port refuses connections until {@link #startS3()}. */
  void stopS3() {
    log.info("stopping S3");
    s3.kill9();
  }

  /** Starts the S3 server on the same port and directory and waits until it accepts connections. */
  void startS3() {
    s3.start();
    await("S3 server listening").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> failIfDead(s3) && accepts(s3Port));
  }

  /** Stops PostgreSQL (fast shutdown), keeps it down for {@code down}, starts it on the same port and data. */
  void restartPostgres(Duration down) throws IOException {
    log.info("stopping PostgreSQL for {}", down);
    postgres.stop();
    Outage.last(down);
    postgres.start();
    log.info("PostgreSQL is back");
  }

  /** {@code kill -9} of scheduler replica {@code i}. */
  void killScheduler(int i) {
    log.info("kill -9 scheduler-{}", i);
    schedulers.get(i).kill9();
  }

  /** Starts scheduler replica {@code i} (again) and waits until it is healthy. */
  void startScheduler(int i) {
    schedulers.get(i).start();
    awaitSchedulerHealthy(i);
  }

  private void awaitSchedulerHealthy(int i) {
    ManagedProcess scheduler = schedulers.get(i);
    int port = schedulerPorts.get(i);
    await(scheduler.name() + " healthy").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
        .until(() -> failIfDead(scheduler) && healthy(port));
  }

  /**
   * The live job JVMs started by {@code worker} (found by its work directory on their command line; the
   * JVMs, not the bubblewrap processes around them).
   */
  List<ProcessHandle> jobProcessesOf(ManagedProcess worker) {
    String marker = workDirOf(worker.name()).resolve("attempts").toString();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker) && c.contains("ChildMain")).orElse(false))
        .toList();
  }

  Path workDirOf(String workerName) {
    return root.resolve("workers").resolve(workerName);
  }

  /** Waits until the scheduler lists {@code worker} as ACTIVE with a heartbeat after now. */
  void awaitWorkerActive(ManagedProcess worker) {
    java.time.Instant since = java.time.Instant.now();
    await(worker.name() + " registered").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> failIfDead(worker) && api.workers().stream().anyMatch(w -> worker.name().equals(w.path("name").asString())
            && "ACTIVE".equals(w.path("state").asString())
            && java.time.Instant.parse(w.path("lastSeenAt").asString()).isAfter(since)));
  }

  /** The worker as the scheduler sees it. */
  JsonNode workerView(ManagedProcess worker) {
    return api.workers().stream().filter(w -> worker.name().equals(w.path("name").asString())).findFirst().orElseThrow();
  }

  // --- set-up -----------------------------------------------------------------------------------

  private Map<String, String> schedulerProperties(int i) {
    Map<String, String> p = new LinkedHashMap<>(storageProperties());
    p.put("spring.main.banner-mode", "off");
    p.put("server.address", "127.0.0.1");
    p.put("server.port", Integer.toString(schedulerPorts.get(i)));
    p.put("spring.datasource.url", postgres.jdbcUrl());
    p.put("spring.datasource.username", "postgres");
    p.put("spring.datasource.password", "");
    p.put("tern.scheduler.heartbeat-interval", options.heartbeat().toMillis() + "ms");
    p.put("tern.scheduler.worker-timeout", options.workerTimeout().toMillis() + "ms");
    p.put("tern.scheduler.liveness-check-interval", "500ms");
    p.put("tern.scheduler.worker-join-token", joinToken);
    p.put("tern.security.bootstrap-admin-token", adminToken);
    p.put("spring.quartz.properties.org.quartz.scheduler.instanceName", "tern-" + options.name());
    p.put("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval", "2000");
    p.putAll(options.properties());
    p.putAll(options.schedulerProperties());
    return p;
  }

  private Map<String, String> workerProperties(String name) {
    Map<String, String> p = new LinkedHashMap<>(storageProperties());
    p.put("spring.main.banner-mode", "off");
    p.put("spring.config.name", "tern-worker"); // not the scheduler's application.yml, which is on the same classpath
    p.put("spring.application.name", name);
    p.put("tern.worker.name", name);
    p.put("tern.worker.scheduler-url", "http://127.0.0.1:" + frontDoor.port());
    p.put("tern.worker.join-token", joinToken);
    p.put("tern.worker.slots", Integer.toString(options.slotsPerWorker()));
    p.put("tern.worker.memory-mb", "8192");
    p.put("tern.worker.work-dir", workDirOf(name).toString());
    p.put("tern.worker.job-classpath", "classpath-of:io.tern.examples.PrimeCountJob");
    p.putAll(options.properties());
    p.putAll(options.workerProperties());
    return p;
  }

  /**
   * Keys of the objects that hold chunks (packs and legacy chunk objects) in the cluster's bucket,
   * and the subset the manifests now in the bucket reference: what chunk GC must make equal.
   */
  record StoredChunks(java.util.Set<String> stored, java.util.Set<String> referenced) {}

  /** Lists the bucket as {@link StoredChunks}, reading every manifest (without checking MACs). */
  StoredChunks storedChunks() {
    io.tern.image.StorageSettings settings = new io.tern.image.StorageSettings("http://127.0.0.1:" + s3Port,
        s3AccessKey, s3SecretKey, "tern", "", "us-east-1");
    try (io.tern.image.ImageStore store = io.tern.image.ImageStore.connect(settings)) {
      java.util.Set<String> referenced = new java.util.TreeSet<>();
      for (io.tern.image.StoredObject manifest : store.listManifests()) {
        referenced.addAll(store.chunkKeysOf(manifest.key()));
      }
      // the published outputs of completed jobs (jobs/<job>/outputs/<attempt>.json) are kept as long as their job
      io.minio.MinioClient s3 = io.minio.MinioClient.builder().endpoint(settings.endpoint())
          .credentials(s3AccessKey, s3SecretKey).build();
      for (io.minio.Result<io.minio.messages.Item> item : s3.listObjects(
          io.minio.ListObjectsArgs.builder().bucket("tern").prefix("jobs/").recursive(true).build())) {
        String key = item.get().objectName();
        if (key.matches("jobs/\\d+/outputs/\\d{6}\\.json")) {
          referenced.addAll(store.chunkKeysOf(key));
        }
      }
      return new StoredChunks(new java.util.TreeSet<>(store.listChunkKeys()), referenced);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("listing the bucket failed: " + e, e);
    }
  }

  private Map<String, String> storageProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("tern.storage.endpoint", "http://127.0.0.1:" + s3Port);
    p.put("tern.storage.access-key", s3AccessKey);
    p.put("tern.storage.secret-key", s3SecretKey);
    p.put("tern.storage.bucket", "tern");
    p.put("tern.storage.manifest-key", manifestKey);
    return p;
  }

  private Path logOf(String name) {
    return root.resolve("logs").resolve(name + ".log");
  }

  private void rememberDescendants() {
    try {
      workers.forEach(ManagedProcess::descendants);
    } catch (RuntimeException e) {
      // a process ended while being looked at
    }
  }

  private static boolean failIfDead(ManagedProcess process) {
    if (!process.isAlive()) {
      throw new IllegalStateException(process.name() + " exited during start-up; see " + process.log() + ":\n" + tail(process.log()));
    }
    return true;
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static boolean healthy(int port) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/actuator/health").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A port free now, for a service started later (and restarted on the same port). It is taken below
   * the kernel's ephemeral range (Linux: 32768 and up), which outgoing connections draw their local
   * ports from: a port from that range could be taken by any client socket before the service binds it.
   */
  private static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int tries = 0; tries < 200; tries++) {
      int port = random.nextInt(20_000, 32_000);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port between 20000 and 32000");
  }

  private static String secret(String prefix) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Stops everything; kills every process of the run, orphaned job JVMs included. Never throws. */
  @Override
  public void close() {
    watcher.shutdownNow();
    for (ManagedProcess w : workers) {
      w.destroyAll();
    }
    for (ManagedProcess s : schedulers) {
      s.destroyAll();
    }
    s3.destroyAll();
    try {
      postgres.close();
    } catch (IOException | RuntimeException e) {
      log.warn("stopping PostgreSQL failed: {}", e.toString());
    }
    String marker = root.toString();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .forEach(p -> {
          log.warn("killing leftover process {}: {}", p.pid(), p.info().commandLine().orElse("?"));
          p.destroyForcibly();
        });
    frontDoor.close();
    // keep the logs, drop the bulky data (database files, S3 objects, extracted jars)
    for (Path data : List.of(root.resolve("s3"), root.resolve("postgres"), root.resolve("workers"))) {
      deleteQuietly(data);
    }
  }

  private static void deleteQuietly(Path tree) {
    if (!Files.exists(tree)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(tree)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      log.warn("could not delete {}: {}", tree, e.toString());
    }
  }
}
