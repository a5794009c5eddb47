package io.tern.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.testsupport.TernClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Must-show of the job sandbox, on the real standalone (embedded PostgreSQL, S3 server, a worker with
 * its default sandbox setting, real child JVMs): a job that tries to read the standalone's secrets
 * file, another running attempt's directory, the embedded database's files and its worker's memory
 * through {@code /proc/<pid>/mem} is refused each time, although each of those exists and is
 * readable from the worker's side.
 */
class JobSandboxIT {

  @TempDir static Path dataDir;
  static TernStandalone tern;
  static TernClient api;

  @BeforeAll
  static void startTern() throws Exception {
    StandaloneOptions defaults = StandaloneOptions.defaults();
    tern = TernStandalone.start(new StandaloneOptions(dataDir, "127.0.0.1", 0, 0, 2, defaults.workerMemoryMb(),
        Duration.ofMillis(500), Duration.ofSeconds(5)));
    tern.startWorker("probed", Map.of("tern.worker.job-classpath", "classpath-of:" + SandboxProbeJob.class.getName()));
    api = new TernClient(tern.baseUrl()).withBearer(Files.readString(tern.adminTokenFile()).trim());
    await().atMost(Duration.ofSeconds(30)).until(() -> api.workers().size() == 1);
    // the probe is no catalog type: an operator allows its class, as for any deployed job class
    tools.jackson.databind.node.ObjectNode limits = (tools.jackson.databind.node.ObjectNode) api.read("/api/v1/settings/limits");
    limits.putArray("allowedEntryClasses").add(SandboxProbeJob.class.getName());
    api.put("/api/v1/settings/limits", limits, 200);
  }

  @AfterAll
  static void stopTern() {
    if (tern != null) {
      tern.close();
    }
  }

  @Test
  void aJobCannotReadTheWorkersSecretsAnotherAttemptTheDatabaseOrTheWorkersMemory() throws Exception {
    long holder = api.submit(probe("holder", Map.of("holdMillis", "120000")));
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(api.state(holder)));
    long holderAttempt = api.attempts(holder).get(0).path("id").asLong();
    Path otherAttemptDir = tern.options().dataDir().toAbsolutePath()
        .resolve("workers/probed/attempts/" + holderAttempt);
    Path secrets = tern.options().dataDir().toAbsolutePath().resolve("secrets.properties");
    Path database = databaseDir();
    long workerPid = ProcessHandle.current().pid(); // the worker runs in this process
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(otherAttemptDir.resolve("output.log")));

    // everything the job will try is there and readable from the worker's side
    assertThat(Files.readAllBytes(secrets)).isNotEmpty();
    assertThat(Files.readAllBytes(otherAttemptDir.resolve("output.log"))).isNotEmpty();
    assertThat(Files.readAllBytes(database.resolve("PG_VERSION"))).isNotEmpty();
    assertThat(Path.of("/proc/" + workerPid + "/mem")).exists();

    long prober = api.submit(probe("prober", Map.of("secrets", secrets.toString(),
        "otherAttempt", otherAttemptDir.toString(), "database", database.toString(),
        "workerPid", Long.toString(workerPid))));
    await().atMost(Duration.ofSeconds(90)).until(() -> List.of("COMPLETED", "FAILED").contains(api.state(prober)));
    JsonNode job = api.job(prober);
    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("COMPLETED");

    JsonNode result = job.path("result");
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(result.path("secrets").asString()).as("secrets.properties")
        .startsWith("refused: java.nio.file.NoSuchFileException");
    softly.assertThat(result.path("otherAttempt").asString()).as("another attempt's directory")
        .startsWith("refused: java.nio.file.NoSuchFileException");
    softly.assertThat(result.path("database").asString()).as("the database's files")
        .startsWith("refused: java.nio.file.NoSuchFileException");
    // the worker is not in the job's PID namespace: no /proc/<worker pid> there
    softly.assertThat(result.path("workerMemory").asString()).as("/proc/<worker pid>/mem")
        .startsWith("refused: java.nio.file.NoSuchFileException");
    softly.assertAll();
    api.cancel(holder);
  }

  private static Map<String, Object> probe(String name, Map<String, String> parameters) {
    return Map.of("name", name, "entryClass", SandboxProbeJob.class.getName(), "parameters", parameters,
        "resources", Map.of("slots", 1, "memoryMb", 128));
  }

  /** The embedded PostgreSQL's data directory: where its {@code PG_VERSION} is. */
  private static Path databaseDir() throws Exception {
    try (Stream<Path> files = Files.walk(tern.options().dataDir())) {
      return files.filter(p -> p.getFileName().toString().equals("PG_VERSION"))
          .filter(p -> Files.exists(p.resolveSibling("postgresql.conf")))
          .findFirst().orElseThrow().getParent();
    }
  }
}
