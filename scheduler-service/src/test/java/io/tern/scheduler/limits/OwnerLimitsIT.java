package io.tern.scheduler.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.protocol.Assignment;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-owner limits over real HTTP against a real PostgreSQL: active jobs, submit rate, the priority a
 * submitter may choose and the entry classes anyone may run, all changed by operators at run time.
 */
@SchedulerIT
class OwnerLimitsIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  TernClient admin;
  TernClient operator;
  TernClient alice;
  TernClient bob;
  Tables tables;

  @BeforeEach
  void setUp() {
    tables = new Tables(jdbc);
    tables.clear();
    TernClient anonymous = new TernClient(port);
    admin = anonymous.withBearer(TestCredentials.ADMIN_TOKEN);
    String suffix = Long.toString(System.nanoTime());
    operator = anonymous.withBearer(admin.createToken("ops-" + suffix, "OPERATOR", "ops-" + suffix));
    alice = anonymous.withBearer(admin.createToken("alice-" + suffix, "SUBMITTER", "alice-" + suffix));
    bob = anonymous.withBearer(admin.createToken("bob-" + suffix, "SUBMITTER", "bob-" + suffix));
  }

  @Test
  void aSubmitterCannotKeepMoreActiveJobsThanTheLimitAndAFullQueueChangesNothing() {
    setLimits(Map.of("maxActiveJobsPerOwner", 3));
    long first = created(alice.post("/api/v1/jobs", "{\"type\": \"pi\"}"));
    created(alice.post("/api/v1/jobs", "{\"type\": \"pi\"}"));
    created(alice.post("/api/v1/jobs", "{\"type\": \"pi\"}"));
    String before = tables.fingerprint();

    Response refused = alice.post("/api/v1/jobs", "{\"type\": \"pi\"}");

    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.problemType()).isEqualTo("active-job-limit");
    assertThat(refused.text("detail")).contains("3");
    assertThat(tables.fingerprint()).isEqualTo(before);
    assertThat(bob.post("/api/v1/jobs", "{\"type\": \"pi\"}").status()).as("another owner is not affected").isEqualTo(201);
    alice.post("/api/v1/jobs/" + first + "/cancel", null).expect(200);
    assertThat(alice.post("/api/v1/jobs", "{\"type\": \"pi\"}").status()).as("an ended job frees its place").isEqualTo(201);
  }

  @Test
  void aSubmitterSubmittingFasterThanItsRateGets429WithRetryAfter() {
    setLimits(Map.of("submitsPerMinute", 1, "submitBurst", 2));
    created(alice.post("/api/v1/jobs", "{\"type\": \"pi\"}"));
    created(alice.post("/api/v1/jobs", "{\"type\": \"pi\"}"));
    String before = tables.fingerprint();

    Response refused = alice.post("/api/v1/jobs", "{\"type\": \"pi\"}");

    assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
    assertThat(refused.problemType()).isEqualTo("submit-rate-limit");
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    assertThat(tables.fingerprint()).isEqualTo(before);
    assertThat(bob.post("/api/v1/jobs", "{\"type\": \"pi\"}").status()).as("buckets are per owner").isEqualTo(201);
  }

  @Test
  void aSubmitterMayNotChooseAPriorityAboveTheMaximumAtSubmitOrResubmitButAnOperatorMay() {
    Response aboveDefault = alice.post("/api/v1/jobs", "{\"type\": \"pi\", \"priority\": " + Integer.MAX_VALUE + "}");
    assertThat(aboveDefault.status()).as("the default maximum is 100: " + aboveDefault.raw()).isEqualTo(403);
    assertThat(tables.jobCount()).isZero();
    setLimits(Map.of("maxSubmitterPriority", 10));
    assertThat(created(alice.post("/api/v1/jobs", "{\"type\": \"pi\", \"priority\": 10}"))).isPositive();
    String before = tables.fingerprint();

    for (long priority : new long[] {11, Integer.MAX_VALUE}) {
      Response refused = alice.post("/api/v1/jobs", "{\"type\": \"pi\", \"priority\": " + priority + "}");
      assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
      assertThat(refused.problemType()).isEqualTo("priority-not-allowed");
      assertThat(refused.text("detail")).contains("10");
    }
    assertThat(tables.fingerprint()).isEqualTo(before);

    FakeWorker worker = new FakeWorker(new TernClient(port), "w-" + System.nanoTime(), 4);
    worker.register();
    long source = tables.jobCount() == 1 ? jdbc.queryForObject("select id from jobs", Long.class) : -1;
    Assignment a = worker.awaitAssignment(source);
    worker.started(a.attemptId(), null);
    long seq = worker.beginCheckpointOk(a.attemptId()).seq();
    assertThat(worker.commit(a.attemptId(), seq, 10).status()).isEqualTo(204);
    worker.finished(a.attemptId(), "SUCCEEDED", "{}", null, 0);
    String beforeResubmit = tables.fingerprint();
    Response resubmit = alice.post("/api/v1/jobs/resubmit",
        "{\"fromJobId\": " + source + ", \"checkpointSeq\": " + seq + ", \"overrides\": {\"priority\": 1000}}");
    assertThat(resubmit.status()).as(resubmit.raw()).isEqualTo(403);
    assertThat(resubmit.problemType()).isEqualTo("priority-not-allowed");
    assertThat(tables.fingerprint()).isEqualTo(beforeResubmit);

    long urgent = created(operator.post("/api/v1/jobs", "{\"type\": \"pi\", \"priority\": 1000}"));
    assertThat(operator.get("/api/v1/jobs/" + urgent).body().path("priority").asInt()).isEqualTo(1000);
  }

  @Test
  void operatorsReadAndChangeTheLimitsAndABadValueChangesNothing() {
    JsonNode defaults = operator.get("/api/v1/settings/limits").expect(200);
    assertThat(defaults.path("maxActiveJobsPerOwner").asInt()).isEqualTo(1000);
    assertThat(defaults.path("submitsPerMinute").asInt()).isEqualTo(120);
    assertThat(defaults.path("submitBurst").asInt()).isEqualTo(60);
    assertThat(defaults.path("maxStreamsPerOwner").asInt()).isEqualTo(10);
    assertThat(defaults.path("maxSubmitterPriority").asInt()).isEqualTo(100);
    assertThat(defaults.path("minScheduleIntervalSeconds").asInt()).isEqualTo(60);
    assertThat(defaults.path("allowedEntryClasses")).isEmpty();

    ObjectNode bad = (ObjectNode) defaults.deepCopy();
    bad.put("submitBurst", 0);
    Response refused = operator.put("/api/v1/settings/limits", bad);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.text("detail")).contains("submitBurst");
    ObjectNode badClass = (ObjectNode) defaults.deepCopy();
    badClass.putArray("allowedEntryClasses").add("not a package!");
    assertThat(operator.put("/api/v1/settings/limits", badClass).status()).isEqualTo(400);
    assertThat(operator.get("/api/v1/settings/limits").body()).isEqualTo(defaults);

    assertThat(alice.get("/api/v1/settings/limits").status()).isEqualTo(403);
    JsonNode changed = setLimits(Map.of("maxActiveJobsPerOwner", 5));
    assertThat(changed.path("maxActiveJobsPerOwner").asInt()).isEqualTo(5);
    assertThat(operator.get("/api/v1/settings/limits").body().path("maxActiveJobsPerOwner").asInt()).isEqualTo(5);
  }

  @Test
  void byDefaultOnlyCatalogEntryClassesRunAndARefusedOneStoresNothing() {
    String before = tables.fingerprint();
    for (String entryClass : new String[] {"com.acme.jobs.MyJob", "java.lang.Runtime", "io.tern.examples.Evil"}) {
      Response refused = alice.post("/api/v1/jobs", "{\"entryClass\": \"" + entryClass + "\"}");
      assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
      assertThat(refused.problemType()).isEqualTo("entry-class-not-allowed");
      assertThat(refused.text("detail")).contains(entryClass);
    }
    Response tooLong = alice.post("/api/v1/jobs", "{\"entryClass\": \"a." + "b".repeat(600) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tables.fingerprint()).isEqualTo(before);

    Response catalogClass = alice.post("/api/v1/jobs", "{\"entryClass\": \"io.tern.examples.PrimeCountJob\"}");
    assertThat(catalogClass.status()).as(catalogClass.raw()).isEqualTo(201);
    assertThat(catalogClass.body().path("name").asString()).isEqualTo("PrimeCountJob");
  }

  @Test
  void anOperatorMayAllowPackagesAndClassesOfEntryClasses() {
    setLimitsList("allowedEntryClasses", "com.acme.jobs.*", "org.example.OneJob");

    assertThat(alice.post("/api/v1/jobs", "{\"entryClass\": \"com.acme.jobs.MyJob\"}").status()).isEqualTo(201);
    assertThat(alice.post("/api/v1/jobs", "{\"entryClass\": \"com.acme.jobs.deep.Other\"}").status()).isEqualTo(201);
    assertThat(alice.post("/api/v1/jobs", "{\"entryClass\": \"org.example.OneJob\"}").status()).isEqualTo(201);
    assertThat(alice.post("/api/v1/jobs", "{\"entryClass\": \"com.acme.jobsX.MyJob\"}").status()).isEqualTo(403);
    assertThat(alice.post("/api/v1/jobs", "{\"entryClass\": \"org.example.OneJobToo\"}").status()).isEqualTo(403);
    assertThat(alice.post("/api/v1/jobs", "{\"entryClass\": \"com.acme.Evil\"}").status()).isEqualTo(403);
  }

  private JsonNode setLimits(Map<String, Integer> changes) {
    ObjectNode limits = (ObjectNode) operator.get("/api/v1/settings/limits").expect(200);
    changes.forEach(limits::put);
    return operator.put("/api/v1/settings/limits", limits).expect(200);
  }

  private void setLimitsList(String field, String... values) {
    ObjectNode limits = (ObjectNode) operator.get("/api/v1/settings/limits").expect(200);
    var array = limits.putArray(field);
    for (String v : values) {
      array.add(v);
    }
    operator.put("/api/v1/settings/limits", limits).expect(200);
  }


  private static long created(Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }
}
