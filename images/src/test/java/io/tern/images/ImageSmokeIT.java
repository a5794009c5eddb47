package io.tern.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.testsupport.JobRequest;
import io.tern.testsupport.S3ProxyServer;
import io.tern.testsupport.TernClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Must-show of the images: each image built by {@code -Pimages}, unpacked to its root filesystem and run
 * from there without a container runtime ({@link ContainerImage}), works against a real PostgreSQL
 * (embedded) and a real S3 server (s3proxy) on the host: the migrations image migrates the database,
 * the scheduler image (schema migration off) becomes ready, and a worker of the worker image registers
 * and runs a job to completion in its bubblewrap sandbox, checkpointing to S3 on the way.
 */
class ImageSmokeIT {

  private static final Path ROOT = Path.of(System.getProperty("tern.images.root", "..")).toAbsolutePath().normalize();
  private static final Path WORK = Path.of("target", "smoke").toAbsolutePath();
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private static ContainerImage migrations;
  private static ContainerImage scheduler;
  private static ContainerImage worker;
  private static EmbeddedPostgres postgres;
  private static S3ProxyServer s3;
  private static final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void unpackImagesAndStartServices() throws Exception {
    Files.createDirectories(WORK);
    migrations = ContainerImage.unpack("tern-migrations", ROOT.resolve("db-migrations/target/tern-migrations-image.tar"), WORK);
    scheduler = ContainerImage.unpack("tern-scheduler", ROOT.resolve("scheduler-service/target/tern-scheduler-image.tar"), WORK);
    worker = ContainerImage.unpack("tern-worker", ROOT.resolve("worker/target/tern-worker-image.tar"), WORK);
    postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
    s3 = S3ProxyServer.startInMemory();
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (s3 != null) {
      s3.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void eachImageRunsAsANonRootUserWithLabelsAndWithoutSecrets() throws Exception {
    String head = ContainerImage.run(List.of("git", "-C", ROOT.toString(), "rev-parse", "HEAD")).trim();
    for (ContainerImage image : List.of(migrations, scheduler, worker)) {
      JsonNode config = image.config();
      assertThat(config.path("User").asString()).as(image + " user").isEqualTo("10001:10001");
      JsonNode labels = config.path("Labels");
      assertThat(labels.path("org.opencontainers.image.title").asString()).as(image + " title").isEqualTo(image.toString());
      assertThat(labels.path("org.opencontainers.image.version").asString()).as(image + " version").matches("\\d+\\.\\d+\\.\\d+.*");
      assertThat(labels.path("org.opencontainers.image.revision").asString()).as(image + " revision").isEqualTo(head);
      assertThat(labels.path("org.opencontainers.image.licenses").asString()).as(image + " licenses").isEqualTo("Apache-2.0");
      assertThat(labels.path("org.opencontainers.image.source").asString()).as(image + " source").isNotBlank().doesNotContain("${");
      labels.properties().forEach(label -> assertThat(label.getValue().asString()).as(image + " label " + label.getKey())
          .doesNotContainPattern("://[^/@\\s]+@"));
      assertThat(image.environment().keySet()).as(image + " environment")
          .noneMatch(name -> name.matches("(?i).*(SECRET|PASSWORD|TOKEN|CREDENTIAL|KEY).*"));
      assertThat(image.environment().values()).as(image + " environment values")
          .noneMatch(value -> value.matches("[A-Za-z0-9+_=-]{20,}"));
      assertThat(config.path("Entrypoint").get(0).asString()).as(image + " entrypoint").isEqualTo("java");
      // reproducible layers: Jib writes every file of the application with the same time, the base is clamped to its epoch
      try (Stream<Path> app = Files.walk(image.rootfs().resolve("app"))) {
        assertThat(app.filter(Files::isRegularFile).map(ImageSmokeIT::modified)).as(image + " /app file times")
            .isNotEmpty().containsOnly(FileTime.fromMillis(1000));
      }
      try (Stream<Path> jre = Files.walk(image.rootfs().resolve("usr/lib/jvm"))) {
        assertThat(jre.filter(Files::isRegularFile).map(ImageSmokeIT::modified))
            .as(image + " base file times").allMatch(t -> t.toMillis() <= 1_704_067_200_000L);
      }
    }
    assertThat(scheduler.config().path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(worker.environment()).containsEntry("TERN_WORKER_JOBCLASSPATH", "/opt/tern/jobs/tern-examples.jar");
    assertThat(worker.rootfs().resolve("opt/tern/jobs/tern-examples.jar")).isRegularFile();
    assertThat(worker.rootfs().resolve("usr/bin/bwrap")).isRegularFile();
  }

  @Test
  void theImagesMigrateTheDatabaseServeTheApiAndRunAJob() throws Exception {
    String db = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    String joinToken = secret();
    String adminToken = "tern_at_" + secret();

    // migrations: runs to its end and leaves the schema at the newest version of db-migrations
    Process migrate = start(migrations, "tern-migrations", Map.of(
        "TERN_DB_URL", db, "TERN_DB_USER", "postgres", "TERN_DB_PASSWORD", "postgres"));
    assertThat(migrate.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("migrations ended").isTrue();
    assertThat(migrate.exitValue()).as("migrations exit code; log:\n" + log("tern-migrations")).isZero();
    assertThat(log("tern-migrations")).contains("Schema migrated: " + knownMigrations() + " migration(s) applied");
    assertThat(schemaVersion(db)).isEqualTo(knownMigrations());

    // scheduler: does not migrate (it would refuse another schema) and becomes ready
    int port = freePort();
    Map<String, String> storage = Map.of(
        "TERN_STORAGE_ENDPOINT", s3.endpoint().toString(),
        "TERN_STORAGE_ACCESSKEY", s3.accessKey(),
        "TERN_STORAGE_SECRETKEY", s3.secretKey(),
        "TERN_STORAGE_MANIFESTKEY", HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
    Map<String, String> schedulerEnv = new java.util.HashMap<>(storage);
    schedulerEnv.putAll(Map.of(
        "SPRING_DATASOURCE_URL", db,
        "SPRING_DATASOURCE_USERNAME", "postgres",
        "SPRING_DATASOURCE_PASSWORD", "postgres",
        "SERVER_PORT", Integer.toString(port),
        "TERN_SCHEMA_MIGRATE", "false",
        "TERN_SCHEDULER_WORKERJOINTOKEN", joinToken,
        "TERN_SECURITY_BOOTSTRAPADMINTOKEN", adminToken));
    Process schedulerProcess = start(scheduler, "tern-scheduler-0", schedulerEnv);
    TernClient api = new TernClient(port).withBearer(adminToken);
    await("scheduler ready").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> alive(schedulerProcess, "tern-scheduler-0")
            && "UP".equals(api.get("/actuator/health/readiness").body().path("status").asString()));
    assertThat(log("tern-scheduler-0")).doesNotContain("Migrating schema");

    // worker: registers under its host name, sandboxes jobs with bubblewrap, runs a job to its end
    Map<String, String> workerEnv = new java.util.HashMap<>(storage);
    workerEnv.putAll(Map.of(
        "TERN_WORKER_SCHEDULERURL", "http://127.0.0.1:" + port,
        "TERN_WORKER_JOINTOKEN", joinToken,
        "TERN_WORKER_SLOTS", "1",
        "TERN_WORKER_MEMORYMB", "1024"));
    Process workerProcess = start(worker, "tern-worker-0", workerEnv);
    await("worker registered").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> alive(workerProcess, "tern-worker-0") && api.workers().stream()
            .anyMatch(w -> "tern-worker-0".equals(w.path("name").asString()) && "ACTIVE".equals(w.path("state").asString())));
    assertThat(log("tern-worker-0")).contains("job sandbox: bubblewrap");

    long limit = 2_000_000;
    long jobId = api.submit(JobRequest.ofType("primes").parameter("limit", limit).parameter("segmentSize", 131_072)
        .parameter("minStepMillis", 250).checkpointIntervalSeconds(1).maxRetries(0).memoryMb(256));
    await("job completed").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          String state = api.state(jobId);
          assertThat(state).as("job %d; worker log:%n%s", jobId, log("tern-worker-0")).isNotIn("FAILED", "CANCELLED");
          return "COMPLETED".equals(state);
        });
    JsonNode done = api.job(jobId);
    long[] expected = primesUpTo(limit);
    assertThat(done.path("result").path("count").asLong()).isEqualTo(expected[0]);
    assertThat(done.path("result").path("largestPrime").asLong()).isEqualTo(expected[1]);
    assertThat(api.attempts(jobId)).singleElement().satisfies(a -> assertThat(a.path("state").asString()).isEqualTo("SUCCEEDED"));
    assertThat(api.committedCheckpoints(jobId)).as("images of the job in S3").isNotEmpty();
  }

  private static Process start(ContainerImage image, String hostname, Map<String, String> settings) throws IOException {
    Process p = image.start(hostname, settings, WORK.resolve(hostname + ".log"));
    processes.add(p);
    return p;
  }

  private static boolean alive(Process p, String hostname) {
    if (!p.isAlive()) {
      throw new AssertionError(hostname + " exited with " + p.exitValue() + "; log:\n" + log(hostname));
    }
    return true;
  }

  private static String log(String hostname) {
    try {
      return Files.readString(WORK.resolve(hostname + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** How many migrations db-migrations holds (V1__ ... Vn__). */
  private static int knownMigrations() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("db-migrations/src/main/resources/db/migration"))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
  }

  private static int schemaVersion(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** {count of primes ≤ limit, the largest of them}, by a plain sieve. */
  private static long[] primesUpTo(long limit) {
    boolean[] composite = new boolean[(int) limit + 1];
    long count = 0;
    long largest = 0;
    for (int i = 2; i <= limit; i++) {
      if (!composite[i]) {
        count++;
        largest = i;
        for (long j = (long) i * i; j <= limit; j += i) {
          composite[(int) j] = true;
        }
      }
    }
    return new long[] {count, largest};
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String secret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
