package io.tern.scheduler.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.image.ImageLayout;
import io.tern.image.ImageStore;
import io.tern.protocol.Assignment;
import io.tern.scheduler.checkpoint.CheckpointCollector;
import io.tern.scheduler.checkpoint.CheckpointMetrics;
import io.tern.scheduler.checkpoint.CheckpointProperties;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.checkpoint.ChunkCollectionRepository;
import io.tern.scheduler.checkpoint.RetainedManifests;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerWithStorageIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.scheduler.support.TestStorage;
import io.tern.scheduler.tx.RetryingTransaction;
import io.tern.testsupport.ManualClock;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Jobs and their artifacts: what a submission and a resubmission may name (and the problems when it
 * may not), the assignment a worker receives, and when an artifact may be deleted or is collected —
 * over real HTTP, PostgreSQL and S3, with a test acting as the worker and collectors on a manual clock.
 */
@SchedulerWithStorageIT
class ArtifactJobsIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ArtifactRepository artifactRows;
  @Autowired ArtifactUploadRepository uploads;
  @Autowired ArtifactWriteRepository writes;
  @Autowired ArtifactService service;
  @Autowired ArtifactLocks locks;
  @Autowired ArtifactProperties artifactProperties;
  @Autowired ObjectProvider<ImageStore> images;
  @Autowired RetryingTransaction tx;
  @Autowired CheckpointRepository checkpoints;
  @Autowired ChunkCollectionRepository collections;
  @Autowired JobRepository jobs;
  @Autowired JobEventLog events;
  @Autowired CheckpointProperties checkpointProperties;
  @Autowired CheckpointMetrics metrics;
  @Autowired ObjectProvider<RetainedManifests> retained;
  @Autowired ArtifactManifests artifactManifests;
  @Value("${tern.storage.bucket}") String bucket;

  Tables tables;
  TernClient admin;
  TernClient operator;
  TernClient alice;
  TernClient bob;

  @BeforeEach
  void setUp() {
    tables = new Tables(jdbc);
    tables.clear();
    TernClient anonymous = new TernClient(port);
    admin = anonymous.withBearer(TestCredentials.ADMIN_TOKEN);
    operator = anonymous.withBearer(admin.createToken("ops", "OPERATOR", "ops"));
    alice = anonymous.withBearer(admin.createToken("alice-laptop", "SUBMITTER", "alice"));
    bob = anonymous.withBearer(admin.createToken("bob-ci", "SUBMITTER", "bob"));
  }

  @Test
  void aSubmissionNamesItsArtifactsAndAnEntryClassFromThem() {
    JsonNode app = alice.uploadArtifact(TestJars.application("com.sub", 1).build(), "sub-app.jar");
    JsonNode lib = alice.uploadArtifact(TestJars.library("com.sub.lib").build(), "sub-lib.jar", "library").expect(201);

    // no operator allowed com.sub.*: without artifacts the class is refused, with them it runs
    Response withoutArtifacts = alice.post("/api/v1/jobs", "{\"entryClass\": \"com.sub.CountJob\"}");
    assertThat(withoutArtifacts.status()).isEqualTo(403);
    long job = alice.submit(submission("com.sub.CountJob", id(app), id(lib)));

    JsonNode view = alice.job(job);
    assertThat(view.path("entryClass").asString()).isEqualTo("com.sub.CountJob");
    assertThat(view.path("artifacts")).hasSize(2);
    assertThat(view.path("artifacts").get(0).path("id").asString()).isEqualTo(id(app));
    assertThat(view.path("artifacts").get(0).path("name").asString()).isEqualTo("sub-app.jar");
    assertThat(view.path("artifacts").get(0).path("size").asLong()).isEqualTo(app.path("size").asLong());
    assertThat(view.path("artifacts").get(1).path("id").asString()).isEqualTo(id(lib));
    assertThat(alice.read("/api/v1/jobs").path("items").get(0).path("artifacts")).isEqualTo(view.path("artifacts"));
    // an operator may run anyone's artifact
    assertThat(operator.submit(submission("com.sub.SquareJob", id(app)))).isPositive();
  }

  @Test
  void aSubmissionWithArtifactsItMayNotUseIsRefusedAndNothingIsStored() {
    JsonNode app = alice.uploadArtifact(TestJars.application("com.ref", 1).build(), "ref.jar");
    JsonNode bobs = bob.uploadArtifact(TestJars.application("com.bobs", 1).build(), "bobs.jar");
    String unknown = "sha256:" + "e".repeat(64);
    String before = tables.fingerprint();

    Response missing = alice.post("/api/v1/jobs", submission("com.ref.CountJob", unknown));
    assertProblem(missing, 400, "unknown-artifact", unknown);
    Response foreign = alice.post("/api/v1/jobs", submission("com.bobs.CountJob", id(bobs)));
    assertProblem(foreign, 400, "unknown-artifact", id(bobs));
    assertThat(foreign.text("detail")).as("no oracle").isEqualTo(missing.text("detail").replace(unknown, id(bobs)));

    Response notThere = alice.post("/api/v1/jobs", submission("com.ref.Helper", id(app)));
    assertProblem(notThere, 400, "entry-class-not-in-artifacts", "com.ref.Helper", "com.ref.CountJob, com.ref.SquareJob");
    assertProblem(alice.post("/api/v1/jobs", submission("com.ref.AbstractJob", id(app))), 400,
        "entry-class-not-in-artifacts", "com.ref.AbstractJob");
    assertProblem(alice.post("/api/v1/jobs", "{\"type\": \"pi\", \"artifacts\": [\"" + id(app) + "\"]}"), 400,
        "invalid-request", "'type' is not allowed");
    assertProblem(alice.post("/api/v1/jobs", "{\"artifacts\": [\"" + id(app) + "\"]}"), 400, "invalid-request",
        "'entryClass' is required");
    assertProblem(alice.post("/api/v1/jobs", submission("com.ref.CountJob", "sha256:XYZ")), 400,
        "invalid-artifact-id", "sha256:XYZ");
    assertProblem(alice.post("/api/v1/jobs", submission("com.ref.CountJob", id(app), id(app))), 400,
        "invalid-request", "twice");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      many.add("sha256:" + String.format("%064x", i));
    }
    assertProblem(alice.post("/api/v1/jobs", submission("com.ref.CountJob", many.toArray(String[]::new))), 400,
        "invalid-request", "at most 20");
    assertThat(tables.fingerprint()).as("nothing stored").isEqualTo(before);
  }

  @Test
  void aWorkerIsAssignedTheJobsArtifactsInOrderAndAResubmissionWithOtherArtifactsTheNewOnes() {
    FakeWorker worker = new FakeWorker(admin, "worker-artifacts", 4);
    worker.register();
    JsonNode lib = alice.uploadArtifact(TestJars.library("com.order.lib").build(), "lib.jar", "library").expect(201);
    JsonNode v1 = alice.uploadArtifact(TestJars.application("com.order", 1).build(), "order.jar");
    long job = alice.submit(submission("com.order.CountJob", id(lib), id(v1)));

    Assignment first = worker.awaitAssignment(job);
    assertThat(first.jobClass()).isEqualTo("com.order.CountJob");
    assertThat(first.artifacts()).containsExactly(
        new Assignment.JobArtifact(id(lib), lib.path("size").asLong()),
        new Assignment.JobArtifact(id(v1), v1.path("size").asLong()));
    worker.started(first.attemptId(), null);
    long seq = worker.beginCheckpointOk(first.attemptId()).seq();
    assertThat(worker.commit(first.attemptId(), seq, 5).status()).isEqualTo(204);

    // v2 of the application, same name: a resubmission from v1's checkpoint runs it only when asked to
    JsonNode v2 = alice.uploadArtifact(TestJars.application("com.order", 2).build(), "order.jar");
    long same = alice.post("/api/v1/jobs/" + job + "/resubmit", "{\"checkpointSeq\": " + seq + "}", 201).path("id").asLong();
    assertThat(worker.awaitAssignment(same).artifacts()).isEqualTo(first.artifacts());
    JsonNode sameOrigin = alice.job(same).path("origin");
    assertThat(strings(sameOrigin.path("sourceArtifacts"))).containsExactly(id(lib), id(v1));
    assertThat(strings(sameOrigin.path("artifacts"))).containsExactly(id(lib), id(v1));

    long other = alice.post("/api/v1/jobs/" + job + "/resubmit", "{\"checkpointSeq\": " + seq + ", \"overrides\":"
        + " {\"artifacts\": [\"" + id(lib) + "\", \"" + id(v2) + "\"], \"entryClass\": \"com.order.SquareJob\"}}", 201)
        .path("id").asLong();
    Assignment moved = worker.awaitAssignment(other);
    assertThat(moved.jobClass()).isEqualTo("com.order.SquareJob");
    assertThat(moved.artifacts()).containsExactly(
        new Assignment.JobArtifact(id(lib), lib.path("size").asLong()),
        new Assignment.JobArtifact(id(v2), v2.path("size").asLong()));
    assertThat(moved.restoreFrom().manifestKey()).isEqualTo(ImageLayout.manifestKey(job, seq));
    JsonNode origin = alice.job(other).path("origin");
    assertThat(origin.path("jobId").asLong()).isEqualTo(job);
    assertThat(strings(origin.path("sourceArtifacts"))).containsExactly(id(lib), id(v1));
    assertThat(strings(origin.path("artifacts"))).containsExactly(id(lib), id(v2));
    assertThat(alice.events(other)).anySatisfy(e -> assertThat(e.path("message").asString())
        .contains("other code than the source", id(v2), id(v1)));

    // the override is checked like a submission
    JsonNode bobs = bob.uploadArtifact(TestJars.application("com.order.bob", 1).build(), "bob.jar");
    String before = tables.fingerprint();
    assertProblem(alice.post("/api/v1/jobs/" + job + "/resubmit", "{\"checkpointSeq\": " + seq + ", \"overrides\":"
        + " {\"artifacts\": [\"" + id(bobs) + "\"], \"entryClass\": \"com.order.bob.CountJob\"}}"), 400,
        "unknown-artifact", id(bobs));
    assertProblem(alice.post("/api/v1/jobs/" + job + "/resubmit", "{\"checkpointSeq\": " + seq + ", \"overrides\":"
        + " {\"artifacts\": [\"" + id(v2) + "\"], \"entryClass\": \"com.order.Helper\"}}"), 400,
        "entry-class-not-in-artifacts", "com.order.Helper");
    assertThat(tables.fingerprint()).isEqualTo(before);
  }

  @Test
  void anArtifactCannotBeDeletedWhileAJobOrARetainedCheckpointUsesIt() throws Exception {
    JsonNode app = alice.uploadArtifact(TestJars.application("com.del", 1).build(), "del.jar");
    String path = "/api/v1/artifacts/" + id(app);
    long job = alice.submit(submission("com.del.CountJob", id(app)));

    Response queued = alice.delete(path);
    assertProblem(queued, 409, "artifact-in-use", "job(s) " + job);
    assertProblem(operator.delete(path), 409, "artifact-in-use", Long.toString(job));

    FakeWorker worker = new FakeWorker(admin, "worker-delete", 1);
    worker.register();
    long attempt = worker.awaitAssignment(job).attemptId();
    worker.started(attempt, null);
    assertThat(alice.job(job).path("state").asString()).isEqualTo("RUNNING");
    assertProblem(alice.delete(path), 409, "artifact-in-use", Long.toString(job));

    long seq = worker.beginCheckpointOk(attempt).seq();
    worker.commit(attempt, seq, 3);
    worker.finished(attempt, "SUCCEEDED", "{}", null, 0);
    assertThat(alice.job(job).path("state").asString()).isEqualTo("COMPLETED");
    assertProblem(alice.delete(path), 409, "artifact-in-use", Long.toString(job));
    assertThat(alice.get(path).status()).isEqualTo(200);

    // once the finished job's checkpoints are gone, nothing needs the artifact
    checkpointCollector(Instant.now().plus(checkpointProperties.completedJobRetention()).plus(Duration.ofHours(1)))
        .collect();
    assertThat(alice.committedCheckpoints(job)).isEmpty();
    assertThat(alice.delete(path).status()).isEqualTo(204);
    assertThat(alice.get(path).status()).isEqualTo(404);
    assertThat(artifactRows.existsById(sha(app))).isFalse();
    assertThat(TestStorage.objects(bucket, "artifacts/")).doesNotContainKey(ImageLayout.artifactManifestKey(sha(app)));
    assertThat(alice.job(job).path("artifacts").get(0).path("id").asString()).as("the job still says what it ran")
        .isEqualTo(id(app));
  }

  @Test
  void anotherOwnersJobKeepsTheContentButDoesNotBlockOrRevealItself() {
    byte[] jar = TestJars.application("com.shared", 1).build();
    JsonNode alices = alice.uploadArtifact(jar, "shared.jar");
    bob.uploadArtifact(jar, "shared.jar");
    long bobsJob = bob.submit(submission("com.shared.CountJob", id(alices)));

    assertThat(alice.delete("/api/v1/artifacts/" + id(alices)).status()).isEqualTo(204);
    assertThat(alice.get("/api/v1/artifacts/" + id(alices)).status()).isEqualTo(404);
    assertThat(bob.get("/api/v1/artifacts/" + id(alices)).status()).isEqualTo(200);
    assertThat(artifactRows.existsById(sha(alices))).as("bob's job still needs the content").isTrue();
    assertThat(TestStorage.objects(bucket, "artifacts/")).containsKey(ImageLayout.artifactManifestKey(sha(alices)));
    assertThat(bobsJob).isPositive();
  }

  @Test
  void unusedArtifactsAreCollectedAfterTheGraceUnlessPinnedOrUsedByAJob() throws Exception {
    JsonNode unused = alice.uploadArtifact(TestJars.application("com.gc.unused", 1).build(), "unused.jar");
    JsonNode pinned = alice.uploadArtifact(TestJars.application("com.gc.pinned", 1).build(), "pinned.jar");
    alice.post("/api/v1/artifacts/" + id(pinned) + "/pin", null, 204);
    JsonNode used = alice.uploadArtifact(TestJars.application("com.gc.used", 1).build(), "used.jar");
    long job = alice.submit(submission("com.gc.used.CountJob", id(used)));

    ManualClock clock = new ManualClock(Instant.now());
    ArtifactCollector collector = artifactCollector(clock);
    assertThat(collector.collect().artifactsDeleted()).isZero();

    clock.advance(artifactProperties.unusedGrace().plus(Duration.ofHours(1)));
    ArtifactCollector.Result result = collector.collect();
    assertThat(result.artifactsDeleted()).isEqualTo(1);
    assertThat(alice.get("/api/v1/artifacts/" + id(unused)).status()).isEqualTo(404);
    assertThat(TestStorage.objects(bucket, "artifacts/")).doesNotContainKey(ImageLayout.artifactManifestKey(sha(unused)))
        .containsKeys(ImageLayout.artifactManifestKey(sha(pinned)), ImageLayout.artifactManifestKey(sha(used)));
    assertThat(alice.get("/api/v1/artifacts/" + id(pinned)).status()).isEqualTo(200);
    assertThat(alice.get("/api/v1/artifacts/" + id(used)).status()).as("its job has not finished").isEqualTo(200);

    // the job's end is the artifact's last use: collected a grace period after it, however old the upload
    alice.cancel(job);
    jdbc.update("update artifact_uploads set uploaded_at = uploaded_at - interval '30 days'");
    jdbc.update("update artifacts set stored_at = stored_at - interval '30 days'");
    ManualClock afterTheJob = new ManualClock(Instant.now().plus(Duration.ofHours(1)));
    assertThat(artifactCollector(afterTheJob).collect().artifactsDeleted()).isZero();
    assertThat(alice.get("/api/v1/artifacts/" + id(used)).status()).isEqualTo(200);
    afterTheJob.advance(artifactProperties.unusedGrace());
    assertThat(artifactCollector(afterTheJob).collect().artifactsDeleted()).isEqualTo(1);
    assertThat(alice.get("/api/v1/artifacts/" + id(used)).status()).isEqualTo(404);
    assertThat(alice.get("/api/v1/artifacts/" + id(pinned)).status()).isEqualTo(200);
  }

  @Test
  void anAbandonedUploadIsCollectedAndItsStrayManifestDeleted() throws Exception {
    byte[] jar = TestJars.application("com.stray", 1).build();
    String hex = ArtifactUploadIT.sha256(jar);
    tx.run("test", () -> writes.saveAndFlush(new ArtifactWriteEntity(hex, null, "alice", Instant.now())));
    images.getObject().writeArtifact(hex, new java.io.ByteArrayInputStream(jar), null, "alice");
    ManualClock clock = new ManualClock(Instant.now());
    ArtifactCollector collector = artifactCollector(clock);

    collector.collect();
    assertThat(TestStorage.objects(bucket, "artifacts/")).as("an upload in progress keeps its manifest")
        .containsKey(ImageLayout.artifactManifestKey(hex));

    clock.advance(artifactProperties.uploadTimeout().plusMinutes(1));
    ArtifactCollector.Result result = collector.collect();
    assertThat(result.uploadsAbandoned()).isEqualTo(1);
    assertThat(result.strayManifestsDeleted()).isPositive();
    assertThat(TestStorage.objects(bucket, "artifacts/")).doesNotContainKey(ImageLayout.artifactManifestKey(hex));
  }

  @Test
  void aPreviousVersionStaysStoredWhileAnUploadThatReusesItsChunksIsInProgress() throws Exception {
    JsonNode v1 = alice.uploadArtifact(TestJars.application("com.prev", 1).build(), "prev.jar");
    long pending = tx.run("test", () -> writes.saveAndFlush(
        new ArtifactWriteEntity("f".repeat(64), sha(v1), "alice", Instant.now())).getId());

    assertThat(alice.delete("/api/v1/artifacts/" + id(v1)).status()).isEqualTo(204);
    assertThat(alice.get("/api/v1/artifacts/" + id(v1)).status()).as("alice's upload is gone").isEqualTo(404);
    assertThat(artifactRows.existsById(sha(v1))).as("the content stays for the upload in progress").isTrue();
    assertThat(artifactManifests.manifestKeys()).contains(ImageLayout.artifactManifestKey(sha(v1)));
    assertThat(TestStorage.objects(bucket, "artifacts/")).containsKey(ImageLayout.artifactManifestKey(sha(v1)));

    tx.run("test", () -> writes.deleteById(pending));
    artifactCollector(new ManualClock(Instant.now().plus(artifactProperties.unusedGrace()).plusSeconds(60))).collect();
    assertThat(artifactRows.existsById(sha(v1))).isFalse();
    assertThat(TestStorage.objects(bucket, "artifacts/")).doesNotContainKey(ImageLayout.artifactManifestKey(sha(v1)));
  }

  @Test
  void theChunkCollectorKeepsThePacksOfStoredArtifacts() throws Exception {
    byte[] jar = TestJars.fat("com.packs", 1, 2);
    JsonNode app = alice.uploadArtifact(jar, "packs.jar");
    Set<String> packs = images.getObject().chunkKeysOf(ImageLayout.artifactManifestKey(sha(app)));
    assertThat(packs).isNotEmpty();

    Instant afterGrace = Instant.now().plus(checkpointProperties.chunkGrace()).plus(Duration.ofMinutes(5));
    checkpointCollector(afterGrace).collect();
    assertThat(TestStorage.objects(bucket, "packs/")).containsKeys(packs.toArray(String[]::new));
    assertThat(alice.download("/api/v1/artifacts/" + id(app) + "/content").body()).isEqualTo(jar);

    alice.delete("/api/v1/artifacts/" + id(app), 204);
    checkpointCollector(afterGrace).collect();
    assertThat(TestStorage.objects(bucket, "packs/")).doesNotContainKeys(packs.toArray(String[]::new));
  }

  // ---- helpers

  private CheckpointCollector checkpointCollector(Instant now) {
    return new CheckpointCollector(checkpoints, collections, jobs, events, tx, images, checkpointProperties, metrics,
        new ManualClock(now), retained);
  }

  private ArtifactCollector artifactCollector(ManualClock clock) {
    return new ArtifactCollector(artifactRows, uploads, writes, service, locks, images, artifactProperties, tx, clock);
  }

  private static String submission(String entryClass, String... artifacts) {
    return "{\"entryClass\": \"" + entryClass + "\", \"artifacts\": [" + String.join(", ",
        java.util.Arrays.stream(artifacts).map(a -> "\"" + a + "\"").toList()) + "]}";
  }

  private static String id(JsonNode view) {
    return view.path("id").asString();
  }

  private static String sha(JsonNode view) {
    return view.path("sha256").asString();
  }

  private static List<String> strings(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
  }

  private static void assertProblem(Response r, int status, String type, String... detail) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemType()).isEqualTo(type);
    assertThat(r.text("detail")).contains(detail);
  }
}
