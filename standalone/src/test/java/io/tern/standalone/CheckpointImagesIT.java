package io.tern.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.tern.testsupport.TernClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Image integrity and retention on the real system (PostgreSQL binaries, s3proxy, scheduler, two
 * workers, child JVMs), with the bucket changed from outside through the MinIO SDK, as an attacker
 * or a failing disk would: a corrupt chunk, a deleted chunk and a manifest replaced by another one
 * are each refused on restore, the checkpoint is marked CORRUPT, the job falls back to the previous
 * one and still computes the known result; the collector leaves exactly the retained manifests and
 * the chunks they reference.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckpointImagesIT {

  static final long PRIMES_BELOW_LIMIT = CheckpointRestoreIT.PRIMES_BELOW_LIMIT;
  static final JsonMapper JSON = JsonMapper.builder().build();

  static final Map<String, String> FAST_COLLECTION = Map.of(
      "tern.checkpoints.collection-interval", "1s",
      "tern.checkpoints.commit-timeout", "4s",
      "tern.checkpoints.chunk-grace", "6s",
      "tern.storage.chunk-reuse-window", "1s",
      "tern.artifacts.upload-timeout", "3s");

  @TempDir static Path dataDir;
  static TernStandalone tern;
  static TernClient api;
  static MinioClient s3;

  @BeforeAll
  static void startTern() throws Exception {
    FAST_COLLECTION.forEach(System::setProperty);
    tern = TernStandalone.start(StandaloneOptions.defaults().withDataDir(dataDir).withPort(0)
        .withHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(5)));
    api = new TernClient(tern.baseUrl()).withBearer(Files.readString(tern.adminTokenFile()).trim());
    Properties secrets = new Properties();
    try (InputStream in = Files.newInputStream(dataDir.resolve("secrets.properties"))) {
      secrets.load(in);
    }
    s3 = MinioClient.builder().endpoint(tern.s3Endpoint().toString())
        .credentials(secrets.getProperty("s3.access-key"), secrets.getProperty("s3.secret-key")).build();
    await().atMost(Duration.ofSeconds(30)).until(() -> api.workers().size() == 2);
  }

  @AfterAll
  static void stopTern() {
    FAST_COLLECTION.keySet().forEach(System::clearProperty);
    if (tern != null) {
      tern.close();
    }
  }

  /** How the test damages the latest committed checkpoint's image. */
  interface Damage {
    void apply(long jobId, JsonNode latest, JsonNode previous) throws Exception;
  }

  @Test
  @Order(1)
  void aCorruptChunkIsRefusedAndTheJobFallsBackToThePreviousCheckpoint() throws Exception {
    damageLatestThenRestore("corrupt chunk", "CHUNK_MISMATCH", (jobId, latest, previous) -> {
      String chunk = chunkOnlyIn(latest, previous);
      byte[] bytes = get(chunk);
      bytes[bytes.length / 2] ^= 0x5A; // one flipped byte
      put(chunk, bytes);
    });
  }

  @Test
  @Order(2)
  void aDeletedChunkIsRefusedAndTheJobFallsBackToThePreviousCheckpoint() throws Exception {
    damageLatestThenRestore("deleted chunk", "CHUNK_MISSING", (jobId, latest, previous) ->
        s3.removeObject(RemoveObjectArgs.builder().bucket(TernStandalone.BUCKET).object(chunkOnlyIn(latest, previous)).build()));
  }

  @Test
  @Order(3)
  void aManifestReplacedByAnotherValidOneIsRefusedBecauseItsMacCoversItsKey() throws Exception {
    damageLatestThenRestore("rewritten manifest", "MANIFEST_INVALID", (jobId, latest, previous) ->
        put(latest.path("manifestKey").asString(), get(previous.path("manifestKey").asString())));
  }

  @Test
  @Order(4)
  void withRetentionTwoOnlyTwoManifestsAndTheChunksTheyReferenceRemain() throws Exception {
    long id = api.submit(
        """
        {"name": "primes-gc", "type": "primes", "parameters": {"limit": "100000000000"},
         "resources": {"slots": 1, "memoryMb": 128}, "checkpointIntervalSeconds": 1, "retainCheckpoints": 2}
        """);
    await().atMost(Duration.ofSeconds(90)).until(() -> committedOrDeleted(id) >= 10);
    ProcessHandle child = ChildProcesses.jobProcesses().get(0);
    signal("STOP", child); // no more snapshots: the bucket can settle
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        assertThat(keys("jobs/" + id + "/checkpoints/")).hasSize(2);
        // other jobs of this class keep their latest checkpoint (finished) or their retained ones
        Set<String> referenced = new HashSet<>();
        // the manifests under jobs/ (not the job logs' segments beside them)
        for (String manifest : keys("jobs/").stream().filter(k -> k.endsWith(".json")).toList()) {
          referenced.addAll(chunkKeys(JSON.readTree(get(manifest))));
        }
        Set<String> stored = new TreeSet<>(keys("chunks/"));
        stored.addAll(keys("packs/"));
        assertThat(stored).isEqualTo(new TreeSet<>(referenced));
      });
      assertThat(api.checkpoints(id).stream().filter(c -> "DELETED".equals(c.path("state").asString())).count())
          .isGreaterThanOrEqualTo(8);
      assertThat(api.events(id).stream().map(e -> e.path("type").asString())).contains("CHECKPOINT_DELETED");
      String metrics = prometheus();
      assertThat(metrics).contains("tern_gc_chunks_deleted_total", "tern_checkpoint_commit_seconds_count",
          "tern_checkpoint_snapshot_seconds_count", "tern_checkpoint_uploaded_bytes_sum",
          "tern_checkpoint_logical_bytes_sum", "tern_checkpoint_stored_bytes_sum", "tern_checkpoint_chunks_total{",
          "kind=\"reused\"", "tern_restore_recovery_seconds_count", "tern_restore_fetched_bytes_sum",
          "tern_checkpoint_corrupt_total");
      assertThat(metricValue(metrics, "tern_gc_chunks_deleted_total")).isPositive();
      assertThat(metricValue(metrics, "tern_checkpoint_corrupt_total")).as("three damaged images so far")
          .isGreaterThanOrEqualTo(3);
    } finally {
      signal("CONT", child);
      api.post("/api/v1/jobs/" + id + "/cancel", "");
    }
  }

  private void damageLatestThenRestore(String what, String reason, Damage damage) throws Exception {
    // paced: still running when it is frozen after its third checkpoint
    long id = api.submit(
        """
        {"name": "primes-%s", "type": "primes", "parameters": %s,
         "resources": {"slots": 1, "memoryMb": 256}, "checkpointIntervalSeconds": 1}
        """.formatted(what.replace(' ', '-'), CheckpointRestoreIT.PACED_PRIMES));
    await().atMost(Duration.ofSeconds(90)).until(() -> api.committedCheckpoints(id).size() >= 3);
    List<ProcessHandle> children = ChildProcesses.jobProcesses();
    assertThat(children).as("only this job runs").hasSize(1);
    signal("STOP", children.get(0)); // freeze the job: no checkpoint after the damage
    // a commit already under way may still finish: wait until the latest committed stays the same
    java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(-1);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1500)).until(() -> {
      long latest = api.committedCheckpoints(id).size();
      return seen.getAndSet(latest) == latest;
    });
    List<JsonNode> committed = api.committedCheckpoints(id);
    JsonNode latest = committed.get(committed.size() - 1);
    JsonNode previous = committed.get(committed.size() - 2);
    damage.apply(id, latest, previous);
    children.get(0).destroyForcibly();

    await().atMost(Duration.ofMinutes(4)).until(() -> CheckpointRestoreIT.isFinal(api.job(id)));
    JsonNode done = api.job(id);
    assertThat(done.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("count").asLong()).isEqualTo(PRIMES_BELOW_LIMIT);

    long damagedSeq = latest.path("seq").asLong();
    JsonNode damaged = api.checkpoints(id).stream().filter(c -> c.path("seq").asLong() == damagedSeq).findFirst()
        .orElseThrow();
    assertThat(damaged.path("state").asString()).as(what).isIn("CORRUPT", "DELETED");
    List<JsonNode> events = api.events(id);
    assertThat(events).anySatisfy(e -> {
      assertThat(e.path("type").asString()).isEqualTo("CHECKPOINT_CORRUPT");
      assertThat(e.path("message").asString()).contains("Checkpoint " + damagedSeq, reason);
    });
    JsonNode second = api.attempts(id).get(1);
    assertThat(second.path("restoredFromSeq").asLong())
        .as("the restore after the %s falls back to an earlier committed checkpoint", what)
        .isLessThan(damagedSeq).isPositive();
  }

  private static String prometheus() throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(tern.baseUrl().resolve("/actuator/prometheus"))
            .header("Authorization", "Bearer " + api.token()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET /actuator/prometheus with the admin token").isEqualTo(200);
    return r.body();
  }

  private static double metricValue(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  /** Checkpoints that were committed (some since deleted by retention), from one consistent listing. */
  private static long committedOrDeleted(long id) {
    return api.checkpoints(id).stream()
        .map(c -> c.path("state").asString())
        .filter(state -> state.equals("COMMITTED") || state.equals("DELETED"))
        .count();
  }

  /**
   * A chunk or pack the latest image references and the previous one does not: damaging a pack both share
   * would damage the previous image too, and the restore would rightly start afresh.
   */
  private static String chunkOnlyIn(JsonNode latest, JsonNode previous) throws Exception {
    Set<String> own = new TreeSet<>(chunkKeys(JSON.readTree(get(latest.path("manifestKey").asString()))));
    own.removeAll(chunkKeys(JSON.readTree(get(previous.path("manifestKey").asString()))));
    assertThat(own).as("chunks written by checkpoint %s alone", latest.path("seq")).isNotEmpty();
    return own.iterator().next();
  }

  private static Set<String> chunkKeys(JsonNode manifest) {
    Set<String> keys = new HashSet<>();
    for (JsonNode chunk : manifest.path("chunks")) {
      String pack = chunk.path("pack").asString(null);
      if (pack != null) {
        keys.add("packs/" + pack.substring(0, 2) + "/" + pack + ".pack");
        continue;
      }
      String hash = chunk.path("hash").asString();
      boolean zstd = "zstd".equals(chunk.path("encoding").asString());
      keys.add("chunks/" + hash.substring(0, 2) + "/" + hash + (zstd ? ".zst" : ""));
    }
    return keys;
  }

  private static byte[] get(String key) throws Exception {
    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(TernStandalone.BUCKET).object(key).build())) {
      return in.readAllBytes();
    }
  }

  private static void put(String key, byte[] bytes) throws Exception {
    s3.putObject(PutObjectArgs.builder().bucket(TernStandalone.BUCKET).object(key)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
  }

  private static List<String> keys(String prefix) {
    try {
      List<String> keys = new java.util.ArrayList<>();
      for (Result<Item> r : s3.listObjects(
          ListObjectsArgs.builder().bucket(TernStandalone.BUCKET).prefix(prefix).recursive(true).build())) {
        keys.add(r.get().objectName());
      }
      return keys;
    } catch (Exception e) {
      throw new AssertionError("listing " + prefix + " failed: " + e, e);
    }
  }

  private static void signal(String signal, ProcessHandle process) throws Exception {
    int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    assertThat(exit).as("kill -%s %d", signal, process.pid()).isZero();
  }
}
