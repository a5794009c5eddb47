package io.tern.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.testsupport.TernClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Properties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole first slice with real parts: PostgreSQL binaries, an S3 server, the scheduler, two
 * workers and the job's own child JVM. A prime-counting job whose answer is known (pi(4e9) =
 * 189,961,812) checkpoints, has its process killed with SIGKILL, is placed again, restores from its
 * latest committed checkpoint and finishes with the right count.
 */
class CheckpointRestoreIT {

  /** pi(4 * 10^9), the number of primes below four billion (OEIS A006880 lists pi(10^n); this is a known table value). */
  static final long LIMIT = 4_000_000_000L;
  static final long PRIMES_BELOW_LIMIT = 189_961_812L;
  /**
   * Parameters counting the primes below {@link #LIMIT} in 954 steps paced to at least 15 ms each
   * (14 s at least): still running after its first checkpoints however busy the machine, at the CPU
   * cost of the unpaced count.
   */
  static final String PACED_PRIMES = """
      {"limit": "%d", "segmentSize": "4194304", "minStepMillis": "15"}""".formatted(LIMIT);

  @TempDir static Path dataDir;
  static TernStandalone tern;
  static TernClient api;

  @BeforeAll
  static void startTern() throws Exception {
    tern = TernStandalone.start(
        StandaloneOptions.defaults().withDataDir(dataDir).withPort(0).withHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(5)));
    api = new TernClient(tern.baseUrl()).withBearer(Files.readString(tern.adminTokenFile()).trim());
    await().atMost(Duration.ofSeconds(30)).until(() -> api.workers().size() == 2);
  }

  @AfterAll
  static void stopTern() {
    if (tern != null) {
      tern.close();
    }
  }

  @Test
  void killedJobProcessRestoresFromItsLatestCheckpointAndFinishesWithTheKnownResult() {
    long id = api.submit(
        """
        {"name": "primes-below-4e9", "type": "primes", "parameters": %s,
         "resources": {"slots": 1, "memoryMb": 256}, "checkpointIntervalSeconds": 1}
        """.formatted(PACED_PRIMES));

    // let it checkpoint twice, then kill -9 its process
    await().atMost(Duration.ofSeconds(60)).until(() -> api.committedCheckpoints(id).size() >= 2);
    List<ProcessHandle> children = ChildProcesses.jobProcesses();
    assertThat(children).as("exactly the job's own child JVM is running").hasSize(1);
    assertThat(api.job(id).path("state").asString()).isEqualTo("RUNNING");
    children.get(0).destroyForcibly(); // SIGKILL

    // the first attempt ends as a failure of its process; whatever it committed before dying counts
    await().atMost(Duration.ofSeconds(30)).until(() -> isFinal(api.attempts(id).get(0)));
    List<JsonNode> committedByFirstAttempt =
        api.committedCheckpoints(id).stream().filter(c -> c.path("attempt").asInt() == 1).toList();
    JsonNode latest = committedByFirstAttempt.get(committedByFirstAttempt.size() - 1);

    await().atMost(Duration.ofMinutes(4)).until(() -> isFinal(api.job(id)));
    JsonNode done = api.job(id);
    assertThat(done.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("count").asLong()).isEqualTo(PRIMES_BELOW_LIMIT);

    List<JsonNode> attempts = api.attempts(id);
    assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
    assertThat(attempts.get(0).path("state").asString()).isEqualTo("FAILED");
    JsonNode second = attempts.get(1);
    assertThat(second.path("restoredFromSeq").asLong())
        .as("the second attempt restores from the latest checkpoint the first attempt committed")
        .isEqualTo(latest.path("seq").asLong());
    assertThat(second.path("recoveryMs").isNumber()).isTrue();

    // every committed checkpoint carries its metrics
    for (JsonNode c : api.committedCheckpoints(id)) {
      assertThat(c.path("logicalBytes").asLong()).isPositive();
      assertThat(c.path("snapshotMs").isNumber()).isTrue();
      assertThat(c.path("commitMs").isNumber()).isTrue();
    }

    // the event log tells the whole story, in order
    List<String> story = api.events(id).stream().map(e -> e.path("type").asString()).toList();
    assertThat(story).containsSubsequence("SUBMITTED", "PLACED", "STARTED", "CHECKPOINT_COMMITTED", "RETRY_SCHEDULED", "PLACED", "RESTORED", "COMPLETED");
  }

  /**
   * The real system's secrets (admin token, worker join token, S3 keys, database passwords, and anything shaped like a
   * Tern secret, which covers the workers' own secrets) reach neither the job process's environment,
   * nor its command line, nor the files of its working directory; files holding them are private.
   */
  @Test
  void jobProcessHoldsNoCredentialAndSecretFilesArePrivate() throws Exception {
    Path adminTokenFile = tern.adminTokenFile();
    assertThat(Files.getPosixFilePermissions(adminTokenFile)).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("secrets.properties"))).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(new TernClient(tern.baseUrl()).get("/api/v1/jobs").status()).isEqualTo(401);

    Properties secrets = new Properties();
    try (var in = Files.newInputStream(dataDir.resolve("secrets.properties"))) {
      secrets.load(in);
    }
    List<String> values = secrets.values().stream().map(String::valueOf).toList();
    // S3 keys, join token, admin token, the manifest authentication key and the database passwords
    assertThat(values).hasSize(7).contains(api.token(), secrets.getProperty("storage.manifest-key"),
        secrets.getProperty("database.password"), secrets.getProperty("database.superuser-password"));

    long id = api.submit(
        """
        {"name": "primes-long", "type": "primes", "parameters": {"limit": "100000000000"},
         "resources": {"slots": 1, "memoryMb": 128}, "checkpointIntervalSeconds": 1}
        """);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.committedCheckpoints(id).size() >= 1);
    ProcessHandle child = ChildProcesses.jobProcesses().get(0);
    Path proc = Path.of("/proc", Long.toString(child.pid()));

    String environment = Files.readString(proc.resolve("environ"), StandardCharsets.ISO_8859_1);
    String commandLine = Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1);
    StringBuilder files = new StringBuilder();
    try (var walk = Files.walk(proc.resolve("cwd").toRealPath())) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.append(Files.readString(f, StandardCharsets.ISO_8859_1));
      }
    }
    for (String where : List.of(environment, commandLine, files.toString())) {
      assertThat(where).doesNotContain("tern_at_").doesNotContain("tern_ws_").doesNotContain("tern_jt_");
      values.forEach(secret -> assertThat(where).doesNotContain(secret));
    }
    assertThat(environment.split("\u0000"))
        .allSatisfy(entry -> assertThat(entry.substring(0, entry.indexOf('='))).isIn("PATH", "LANG", "TZ", "HOME"));

    assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive() && "CANCELLED".equals(api.job(id).path("state").asString()));
  }

  static boolean isFinal(JsonNode node) {
    return List.of("COMPLETED", "FAILED", "CANCELLED", "SUCCEEDED", "LOST", "KILLED").contains(node.path("state").asString());
  }
}
