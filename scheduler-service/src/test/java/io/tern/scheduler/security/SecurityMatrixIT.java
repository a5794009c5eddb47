package io.tern.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.protocol.Assignment;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerWithStorageIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.sdk.CheckpointableJob;
import io.tern.testsupport.JarBuilder;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what, over real HTTP against a real PostgreSQL, for every endpoint the scheduler
 * serves. The endpoints come from Spring MVC's own handler mapping: an endpoint added without a rule
 * here fails {@link #everyEndpointHasARule()}.
 */
@SchedulerWithStorageIT
@TestPropertySource(properties = "tern.scheduler.worker-timeout=1h") // nothing changes on its own
class SecurityMatrixIT {

  /** Who an endpoint is for. */
  enum Rule { PUBLIC, SUBMITTER, OPERATOR, ADMIN, WORKER_JOIN, WORKER }

  /** "METHOD pattern" → rule; "*" stands for a mapping without a method restriction. */
  static final Map<String, Rule> RULES = new LinkedHashMap<>();

  static {
    RULES.put("POST /api/v1/jobs", Rule.SUBMITTER);
    RULES.put("GET /api/v1/jobs", Rule.SUBMITTER);
    RULES.put("GET /api/v1/jobs/{id}", Rule.SUBMITTER);
    RULES.put("POST /api/v1/jobs/{id}/cancel", Rule.SUBMITTER);
    RULES.put("GET /api/v1/jobs/{id}/attempts", Rule.SUBMITTER);
    RULES.put("GET /api/v1/jobs/{id}/events", Rule.SUBMITTER);
    RULES.put("GET /api/v1/jobs/{id}/checkpoints", Rule.SUBMITTER);
    RULES.put("GET /api/v1/jobs/{id}/logs", Rule.SUBMITTER); // text, and follow=true (server-sent events)
    RULES.put("GET /api/v1/jobs/{id}/outputs", Rule.SUBMITTER);
    RULES.put("GET /api/v1/jobs/{id}/outputs/{*path}", Rule.SUBMITTER);
    RULES.put("POST /api/v1/jobs/{id}/checkpoints/{seq}/pin", Rule.SUBMITTER);
    RULES.put("DELETE /api/v1/jobs/{id}/checkpoints/{seq}/pin", Rule.SUBMITTER);
    RULES.put("GET /api/v1/me", Rule.SUBMITTER);
    RULES.put("POST /api/v1/artifacts", Rule.SUBMITTER);
    RULES.put("GET /api/v1/artifacts", Rule.SUBMITTER);
    RULES.put("GET /api/v1/artifacts/{id}", Rule.SUBMITTER);
    RULES.put("GET /api/v1/artifacts/{id}/content", Rule.SUBMITTER);
    RULES.put("DELETE /api/v1/artifacts/{id}", Rule.SUBMITTER);
    RULES.put("POST /api/v1/artifacts/{id}/pin", Rule.SUBMITTER);
    RULES.put("DELETE /api/v1/artifacts/{id}/pin", Rule.SUBMITTER);
    RULES.put("GET /api/v1/events", Rule.SUBMITTER);
    RULES.put("GET /api/v1/events/stream", Rule.SUBMITTER);
    RULES.put("GET /api/v1/events/timeline", Rule.SUBMITTER);
    RULES.put("GET /api/v1/workers", Rule.OPERATOR);
    RULES.put("GET /api/v1/workers/{id}", Rule.OPERATOR);
    RULES.put("GET /api/v1/workers/{id}/events", Rule.OPERATOR);
    RULES.put("POST /api/v1/workers/{id}/cordon", Rule.OPERATOR);
    RULES.put("POST /api/v1/workers/{id}/uncordon", Rule.OPERATOR);
    RULES.put("POST /api/v1/workers/{id}/drain", Rule.OPERATOR);
    RULES.put("GET /api/v1/workers/{id}/drain", Rule.OPERATOR);
    RULES.put("DELETE /api/v1/workers/{id}/drain", Rule.OPERATOR);
    RULES.put("GET /api/v1/drains", Rule.OPERATOR);
    RULES.put("GET /api/v1/replica", Rule.OPERATOR);
    RULES.put("GET /api/v1/settings/operations", Rule.OPERATOR);
    RULES.put("PUT /api/v1/settings/operations", Rule.OPERATOR);
    RULES.put("GET /api/v1/settings/limits", Rule.OPERATOR);
    RULES.put("PUT /api/v1/settings/limits", Rule.OPERATOR);
    RULES.put("POST /api/v1/jobs/{id}/hold", Rule.SUBMITTER);
    RULES.put("POST /api/v1/jobs/{id}/release", Rule.SUBMITTER);
    RULES.put("POST /api/v1/jobs/{id}/priority", Rule.OPERATOR);
    RULES.put("POST /api/v1/jobs/{id}/migrate", Rule.OPERATOR);
    RULES.put("POST /api/v1/jobs/resubmit", Rule.SUBMITTER);
    RULES.put("POST /api/v1/jobs/{id}/resubmit", Rule.SUBMITTER);
    RULES.put("POST /api/v1/schedules", Rule.OPERATOR);
    RULES.put("GET /api/v1/schedules", Rule.OPERATOR);
    RULES.put("GET /api/v1/schedules/{id}", Rule.OPERATOR);
    RULES.put("POST /api/v1/schedules/{id}/pause", Rule.OPERATOR);
    RULES.put("POST /api/v1/schedules/{id}/resume", Rule.OPERATOR);
    RULES.put("DELETE /api/v1/schedules/{id}", Rule.OPERATOR);
    RULES.put("POST /api/v1/tokens", Rule.ADMIN);
    RULES.put("GET /api/v1/tokens", Rule.ADMIN);
    RULES.put("DELETE /api/v1/tokens/{id}", Rule.ADMIN);
    RULES.put("POST /internal/v1/workers/register", Rule.WORKER_JOIN);
    RULES.put("POST /internal/v1/workers/{workerId}/heartbeat", Rule.WORKER);
    RULES.put("POST /internal/v1/workers/{workerId}/attempts/{attemptId}/started", Rule.WORKER);
    RULES.put("POST /internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints", Rule.WORKER);
    RULES.put("PUT /internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints/{seq}", Rule.WORKER);
    RULES.put("DELETE /internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints/{seq}", Rule.WORKER);
    RULES.put("POST /internal/v1/workers/{workerId}/attempts/{attemptId}/finished", Rule.WORKER);
    RULES.put("POST /internal/v1/workers/{workerId}/deregister", Rule.WORKER);
    RULES.put("POST /internal/v1/workers/{workerId}/drain", Rule.WORKER);
    RULES.put("POST /internal/v1/workers/{workerId}/orders", Rule.WORKER);
    RULES.put("POST /internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints/{seq}/corrupt", Rule.WORKER);
    // the OpenAPI description, the Swagger UI redirect and Boot's error page are public
    RULES.put("GET /v3/api-docs", Rule.PUBLIC);
    RULES.put("GET /v3/api-docs.yaml", Rule.PUBLIC);
    RULES.put("GET /v3/api-docs/swagger-config", Rule.PUBLIC);
    RULES.put("GET /swagger-ui.html", Rule.PUBLIC);
    RULES.put("* /error", Rule.PUBLIC);
  }

  /** A body each endpoint would accept (null: it takes none). */
  static final Map<String, String> BODIES = Map.ofEntries(
      Map.entry("PUT /api/v1/settings/operations", "{\"maxParallelMigrations\": 3, \"rebalanceEnabled\": true,"
          + " \"rebalanceThreshold\": 0.5, \"rebalanceCooldownSeconds\": 60, \"rebalanceMaxMoves\": 2}"),
      Map.entry("PUT /api/v1/settings/limits", "{\"maxActiveJobsPerOwner\": 5, \"submitsPerMinute\": 10,"
          + " \"submitBurst\": 5, \"maxStreamsPerOwner\": 2, \"maxSubmitterPriority\": 1000,"
          + " \"minScheduleIntervalSeconds\": 1, \"allowedEntryClasses\": [\"com.acme.*\"]}"),
      Map.entry("POST /api/v1/jobs/{id}/priority", "{\"priority\": 7}"),
      Map.entry("POST /api/v1/jobs", "{\"type\": \"pi\"}"),
      Map.entry("POST /api/v1/tokens", "{\"name\": \"intruder\", \"role\": \"ADMIN\"}"),
      Map.entry("POST /internal/v1/workers/register", "{\"name\": \"intruder\", \"slots\": 1, \"memoryMb\": 64}"),
      Map.entry("POST /internal/v1/workers/{workerId}/heartbeat", "{\"attempts\": []}"),
      Map.entry("POST /internal/v1/workers/{workerId}/orders", "{\"attempts\": []}"),
      Map.entry("POST /internal/v1/workers/{workerId}/drain", "{\"deadlineSeconds\": 60}"),
      Map.entry("POST /internal/v1/workers/{workerId}/attempts/{attemptId}/started",
          "{\"restoredFromSeq\": null, \"restoreMillis\": 0, \"restoredBytes\": 0, \"step\": 0}"),
      Map.entry("PUT /internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints/{seq}",
          "{\"step\": 1, \"snapshotMillis\": 1, \"commitMillis\": 1, \"logicalBytes\": 1, \"storedBytes\": 1,"
              + " \"uploadedBytes\": 1, \"chunks\": 1, \"chunksReused\": 0}"),
      Map.entry("POST /internal/v1/workers/{workerId}/attempts/{attemptId}/finished",
          "{\"outcome\": \"SUCCEEDED\", \"resultJson\": \"{}\", \"error\": null, \"exitCode\": 0}"));

  static final List<String> HOSTILE_IDS = List.of(
      "..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..;", "0", "-1", "abc", "99999999999999999999", "1%00", "%252e%252e");

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

  TernClient anonymous;
  TernClient admin;
  TernClient operator;
  TernClient alice;
  TernClient bob;
  FakeWorker workerX;
  FakeWorker workerY;
  Tables tables;
  long aliceJob;
  long attemptOnX;
  long pendingSeq;
  long someTokenId;
  String aliceArtifact;
  byte[] aliceJar;

  @BeforeEach
  void setUp() {
    tables = new Tables(jdbc);
    tables.clear();
    anonymous = new TernClient(port);
    admin = anonymous.withBearer(TestCredentials.ADMIN_TOKEN);
    operator = anonymous.withBearer(admin.createToken("ops", "OPERATOR", "ops"));
    alice = anonymous.withBearer(admin.createToken("alice-laptop", "SUBMITTER", "alice"));
    bob = anonymous.withBearer(admin.createToken("bob-ci", "SUBMITTER", "bob"));
    someTokenId = admin.get("/api/v1/tokens").body().get(0).path("id").asLong();

    workerX = new FakeWorker(anonymous, "worker-x", 1);
    workerX.register();
    aliceJob = created(alice.post("/api/v1/jobs", "{\"type\": \"pi\", \"parameters\": {\"samples\": 1000}}"));
    Assignment assignment = workerX.awaitAssignment(aliceJob);
    attemptOnX = assignment.attemptId();
    assertThat(workerX.started(attemptOnX, null).status()).isEqualTo(204);
    workerX.beginCheckpointOk(attemptOnX);
    assertThat(workerX.commit(attemptOnX, 1, 10).status()).isEqualTo(204);
    pendingSeq = workerX.beginCheckpointOk(attemptOnX).seq();
    workerY = new FakeWorker(anonymous, "worker-y", 1);
    workerY.register();
    aliceJar = JarBuilder.jar().compileAgainst(CheckpointableJob.class)
        .source("com.matrix.MatrixJob", "package com.matrix; import io.tern.sdk.*;"
            + " public class MatrixJob implements CheckpointableJob<long[]> {"
            + " public long[] init(JobContext c) { return new long[1]; }"
            + " public StepResult step(long[] s, JobContext c) { return StepResult.DONE; }"
            + " public StateCodec<long[]> codec() { return Codecs.longArray(); } }")
        .build();
    aliceArtifact = alice.uploadArtifact(aliceJar, "matrix.jar").path("id").asString();
  }

  @Test
  void artifactEndpointsAnswerEachRoleAsDocumented() {
    String one = "/api/v1/artifacts/" + aliceArtifact;
    // method, path → status for anonymous, the owner (alice), another submitter (bob), an operator
    List<Object[]> table = List.of(
        new Object[] {"GET", "/api/v1/artifacts", 401, 200, 200, 200},
        new Object[] {"GET", one, 401, 200, 404, 200},
        new Object[] {"GET", one + "/content", 401, 200, 404, 200},
        new Object[] {"POST", one + "/pin", 401, 204, 404, 204},
        new Object[] {"DELETE", one + "/pin", 401, 204, 404, 204});
    List<TernClient> callers = List.of(anonymous, alice, bob, operator);
    for (Object[] row : table) {
      for (int i = 0; i < callers.size(); i++) {
        Response r = callers.get(i).send((String) row[0], (String) row[1], null, null);
        assertThat(r.status()).as(row[0] + " " + row[1] + " as caller " + i + ": " + r.raw()).isEqualTo(row[2 + i]);
      }
    }
    assertThat(anonymous.uploadArtifact(aliceJar, "matrix.jar", null).status()).isEqualTo(401);
    assertThat(workerX.client().uploadArtifact(aliceJar, "matrix.jar", null).status()).isEqualTo(401);
    assertThat(alice.uploadArtifact(aliceJar, "matrix.jar", null).status()).as("alice's own bytes again").isEqualTo(200);
    assertThat(bob.uploadArtifact(aliceJar, "matrix.jar", null).status()).isEqualTo(201);
    assertThat(bob.read("/api/v1/artifacts")).hasSize(1);
    assertThat(alice.read("/api/v1/artifacts")).hasSize(1);
    assertThat(operator.read("/api/v1/artifacts")).hasSize(2);
    assertThat(anonymous.status("DELETE", one)).isEqualTo(401);
    assertThat(alice.status("DELETE", one)).isEqualTo(204);
    assertThat(alice.status("GET", one)).isEqualTo(404);
    assertThat(operator.status("DELETE", one)).as("an operator deletes bob's upload too").isEqualTo(204);
    assertThat(bob.status("GET", one)).isEqualTo(404);
  }

  @Test
  void everyEndpointHasARule() {
    Set<String> served = new TreeSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      for (String pattern : info.getPatternValues()) {
        if (methods.isEmpty()) {
          served.add("* " + pattern);
        }
        methods.forEach(m -> served.add(m.name() + " " + pattern));
      }
    }
    assertThat(RULES.keySet())
        .as("every endpoint needs a rule in this test (and in SecurityConfiguration)")
        .containsAll(served);
    assertThat(served).as("rules for endpoints that no longer exist").containsAll(RULES.keySet());
  }

  @Test
  void withoutCredentialsEveryProtectedEndpointAnswers401AndChangesNothing() {
    String before = tables.fingerprint();
    for (String endpoint : endpoints(r -> r != Rule.PUBLIC)) {
      Response r = call(anonymous, endpoint);
      assertThat(r.status()).as(endpoint).isEqualTo(401);
      assertThat(r.contentType()).as(endpoint).startsWith("application/problem+json");
      assertThat(r.problemType()).as(endpoint).isEqualTo("unauthenticated");
      assertThat(r.challenge()).as(endpoint).isNotBlank();
    }
    assertThat(tables.fingerprint()).isEqualTo(before);
  }

  @Test
  void publicEndpointsNeedNoCredentials() {
    assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    assertThat(anonymous.get("/login").status()).isEqualTo(200);
    assertThat(anonymous.get("/").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
    assertThat(alice.get("/actuator/prometheus").status()).isEqualTo(403);
    assertThat(operator.get("/actuator/prometheus").status()).isEqualTo(200);
    assertThat(alice.get("/api/v1/nothing-here").status()).as("paths without a rule are denied").isEqualTo(403);
  }

  @Test
  void aRoleBelowTheEndpointsRuleAnswers403AndChangesNothing() {
    String before = tables.fingerprint();
    for (String endpoint : endpoints(r -> r == Rule.OPERATOR || r == Rule.ADMIN)) {
      assertForbidden(call(alice, endpoint), endpoint);
    }
    for (String endpoint : endpoints(r -> r == Rule.ADMIN)) {
      assertForbidden(call(operator, endpoint), endpoint);
    }
    assertThat(tables.fingerprint()).isEqualTo(before);
    assertThat(operator.get("/api/v1/workers").status()).isEqualTo(200);
    assertThat(admin.get("/api/v1/workers").status()).isEqualTo(200);
  }

  @Test
  void userCredentialsAreRefusedOnWorkerEndpointsAndWorkerCredentialsOnUserEndpoints() {
    String before = tables.fingerprint();
    for (String endpoint : endpoints(r -> r == Rule.WORKER || r == Rule.WORKER_JOIN)) {
      for (TernClient user : List.of(admin, operator, alice)) {
        assertThat(call(user, endpoint).status()).as(endpoint).isEqualTo(401);
      }
    }
    for (String endpoint : endpoints(r -> r == Rule.SUBMITTER || r == Rule.OPERATOR || r == Rule.ADMIN)) {
      for (TernClient worker : List.of(workerX.client(), anonymous.withBearer(workerX.secret()),
          anonymous.withBearer(TestCredentials.JOIN_TOKEN))) {
        Response r = call(worker, endpoint);
        assertThat(r.status()).as(endpoint).isEqualTo(401);
        assertThat(r.problemType()).as(endpoint).isEqualTo("unauthenticated");
      }
    }
    // the join token only registers; a worker's own credentials cannot register anyone
    assertForbidden(call(workerX.client(), "POST /internal/v1/workers/register"), "register with a worker secret");
    assertThat(tables.fingerprint()).isEqualTo(before);
  }

  @Test
  void aSubmitterNeitherSeesNorTouchesAnotherSubmittersJob() {
    String before = tables.fingerprint();
    String missing = bob.get("/api/v1/jobs/999999").body().path("detail").asString();
    for (String path : List.of("", "/attempts", "/events", "/checkpoints")) {
      Response r = bob.get("/api/v1/jobs/" + aliceJob + path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.problemType()).isEqualTo("not-found");
      assertThat(r.body().path("detail").asString()).isEqualTo(missing.replace("999999", Long.toString(aliceJob)));
    }
    assertThat(bob.post("/api/v1/jobs/" + aliceJob + "/cancel", null).status()).isEqualTo(404);
    for (String logs : List.of("/logs", "/logs?follow=true", "/outputs", "/outputs/reports/lines.txt")) {
      Response r = bob.get("/api/v1/jobs/" + aliceJob + logs);
      assertThat(r.status()).as(logs).isEqualTo(404);
      assertThat(r.body().path("detail").asString()).as(logs).isEqualTo(missing.replace("999999", Long.toString(aliceJob)));
    }
    assertThat(bob.post("/api/v1/jobs/" + aliceJob + "/checkpoints/1/pin", null).status()).isEqualTo(404);
    assertThat(bob.delete("/api/v1/jobs/" + aliceJob + "/checkpoints/1/pin").status()).isEqualTo(404);
    assertThat(bob.get("/api/v1/jobs").body().path("totalItems").asLong()).isZero();
    assertThat(tables.fingerprint()).as("nothing changed").isEqualTo(before);

    assertThat(alice.get("/api/v1/jobs/" + aliceJob).body().path("owner").asString()).isEqualTo("alice");
    assertThat(alice.get("/api/v1/jobs/" + aliceJob + "/checkpoints").body()).hasSize(2);
    long bobJob = created(bob.post("/api/v1/jobs", "{\"type\": \"pi\", \"resources\": {\"slots\": 64, \"memoryMb\": 64}}"));
    assertThat(alice.get("/api/v1/jobs").body().path("items")).hasSize(1);
    assertThat(alice.get("/api/v1/jobs/" + bobJob).status()).isEqualTo(404);
    assertThat(operator.get("/api/v1/jobs").body().path("totalItems").asLong()).isEqualTo(2);
    assertThat(operator.post("/api/v1/jobs/" + bobJob + "/cancel", null).body().path("state").asString())
        .isEqualTo("CANCELLED");
  }

  @Test
  void aWorkerActsOnlyOnItsOwnPathsAndAttempts() {
    String before = tables.fingerprint();
    String x = "/internal/v1/workers/" + workerX.id();
    TernClient y = workerY.client();
    assertForbidden(y.post(x + "/heartbeat", "{\"attempts\": []}"), "heartbeat as another worker");
    assertForbidden(y.post(x + "/attempts/" + attemptOnX + "/finished", BODIES.get(
        "POST /internal/v1/workers/{workerId}/attempts/{attemptId}/finished")), "finish another worker's attempt");
    assertForbidden(y.delete(x + "/attempts/" + attemptOnX + "/checkpoints/" + pendingSeq), "abort on another's path");
    // on its own path, another worker's attempt is stale
    Response stale = y.post("/internal/v1/workers/" + workerY.id() + "/attempts/" + attemptOnX + "/checkpoints", null);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.problemType()).isEqualTo("stale-attempt");
    assertThat(tables.fingerprint()).isEqualTo(before);
  }

  @Test
  void forgedOrStaleWorkerCredentialsAnswer401() {
    String x = "/internal/v1/workers/" + workerX.id() + "/heartbeat";
    String oldSecret = workerX.secret();
    List<TernClient> forged = List.of(
        anonymous.withBasic(workerX.id(), "tern_ws_forged"),
        anonymous.withBasic(workerX.id(), workerY.secret()),
        anonymous.withBasic(workerY.id(), oldSecret),
        anonymous.withBasic(workerX.id(), ""),
        anonymous.withAuthorization("Basic !!!not-base64"),
        anonymous.withAuthorization("Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes())),
        anonymous.withAuthorization("Digest username=x"),
        anonymous.withBearer("wrong-join-token"));
    String before = tables.fingerprint();
    for (TernClient client : forged) {
      Response r = client.post(x, "{\"attempts\": []}");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.problemType()).isEqualTo("unauthenticated");
    }
    assertThat(tables.fingerprint()).isEqualTo(before);

    workerX.register(); // rotates the secret
    assertThat(anonymous.withBasic(workerX.id(), oldSecret).post(x, "{\"attempts\": []}").status()).isEqualTo(401);
    assertThat(workerX.client().post(x, "{\"attempts\": []}").status()).isEqualTo(200);
  }

  @Test
  void hostileInputOnEveryEndpointAnswers4xxAndChangesNothing() {
    String before = tables.fingerprint();
    List<String> failures = new ArrayList<>();
    for (String endpoint : endpoints(r -> r != Rule.PUBLIC)) {
      TernClient client = clientFor(RULES.get(endpoint));
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
      List<String> paths = new ArrayList<>();
      if (pattern.contains("{")) {
        for (String hostile : HOSTILE_IDS) {
          paths.add(pattern.replaceAll("\\{[^}]+}", hostile));
          paths.add(concrete(pattern).replaceFirst("/[^/]+$", "/" + hostile));
        }
      } else {
        paths.add(pattern + "/../tokens");
        paths.add(pattern + "/%2e%2e/%2e%2e/etc/passwd");
      }
      for (String path : paths) {
        expect4xx(failures, endpoint + " at " + path, client.send(method, path, BODIES.get(endpoint), "application/json"));
      }
      String path = concrete(pattern);
      expect4xx(failures, endpoint + " with 2 MiB", client.send(method, path, jsonOfSize(2 << 20), "application/json"));
      if (BODIES.containsKey(endpoint)) {
        for (String malformed : List.of("{\"name\": ", "[1, 2]", "\"text\"", "{\"unknown\": 1}", "not json at all")) {
          expect4xx(failures, endpoint + " with " + malformed, client.send(method, path, malformed, "application/json"));
        }
        expect4xx(failures, endpoint + " as text/plain", client.send(method, path, BODIES.get(endpoint), "text/plain"));
      }
    }
    assertThat(failures).isEmpty();
    assertThat(tables.fingerprint()).as("nothing changed").isEqualTo(before);
  }

  @Test
  void anOversizedBodyIsRefusedWith413EvenWhenItsLengthIsNotAnnounced() {
    long jobs = tables.jobCount();
    Response announced = alice.send("POST", "/api/v1/jobs", jsonOfSize(2 << 20), "application/json");
    assertThat(announced.status()).isEqualTo(413);
    assertThat(announced.problemType()).isEqualTo("payload-too-large");
    Response chunked = alice.sendChunked("POST", "/api/v1/jobs", jsonOfSize(2 << 20), "application/json");
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.problemType()).isEqualTo("payload-too-large");
    assertThat(tables.jobCount()).isEqualTo(jobs);
  }

  private void expect4xx(List<String> failures, String what, Response r) {
    boolean problem = r.status() >= 400 && r.status() < 500
        && r.contentType() != null && r.contentType().startsWith("application/problem+json");
    if (!problem || (r.raw() != null && (r.raw().contains("Exception") || r.raw().contains("\tat ")))) {
      failures.add(what + " -> " + r.status() + " " + r.contentType() + " " + r.raw());
    }
  }

  private static void assertForbidden(Response r, String what) {
    assertThat(r.status()).as(what + ": " + r.raw()).isEqualTo(403);
    assertThat(r.problemType()).as(what).isEqualTo("forbidden");
  }

  private TernClient clientFor(Rule rule) {
    return switch (rule) {
      case SUBMITTER, OPERATOR, ADMIN, PUBLIC -> admin;
      case WORKER_JOIN -> anonymous.withBearer(TestCredentials.JOIN_TOKEN);
      case WORKER -> workerX.client();
    };
  }

  private Response call(TernClient client, String endpoint) {
    String method = endpoint.substring(0, endpoint.indexOf(' '));
    String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
    return client.send(method, concrete(pattern), BODIES.get(endpoint), BODIES.containsKey(endpoint) ? "application/json" : null);
  }

  private String concrete(String pattern) {
    return pattern
        .replace("/tokens/{id}", "/tokens/" + someTokenId)
        .replace("/artifacts/{id}", "/artifacts/" + aliceArtifact)
        .replace("/workers/{id}", "/workers/" + workerX.id())
        .replace("{id}", Long.toString(aliceJob))
        .replace("{workerId}", Long.toString(workerX.id()))
        .replace("{attemptId}", Long.toString(attemptOnX))
        .replace("{seq}", Long.toString(pendingSeq))
        .replace("{*path}", "reports/lines.txt");
  }

  private static List<String> endpoints(java.util.function.Predicate<Rule> which) {
    return RULES.entrySet().stream()
        .filter(e -> which.test(e.getValue()) && !e.getKey().startsWith("*"))
        .map(Map.Entry::getKey)
        .toList();
  }


  private static long created(Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }

  /** A body of {@code size} bytes of JSON (a string value padded with 'x'). */
  private static String jsonOfSize(int size) {
    return "{\"name\": \"" + "x".repeat(Math.max(0, size - 13)) + "\"}";
  }
}
