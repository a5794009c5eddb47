package io.tern.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.protocol.RegisterRequest;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The user REST API over real HTTP against a real PostgreSQL. */
@SchedulerIT
class JobApiIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  TernClient api;
  Tables tables;

  @BeforeEach
  void setUp() {
    api = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    tables = new Tables(jdbc);
    tables.clear();
  }

  @Test
  void submitAnswers201WithLocationAndTheQueuedJob() {
    Response created =
        api.post(
            "/api/v1/jobs",
            """
            {"name": "pi-small", "type": "pi", "parameters": {"samples": 1000000, "seed": "7", "exact": true},
             "resources": {"slots": 2, "memoryMb": 256}, "priority": 5}
            """);

    assertThat(created.status()).isEqualTo(201);
    JsonNode job = created.body();
    long id = job.path("id").asLong();
    assertThat(created.location()).endsWith("/api/v1/jobs/" + id);
    assertThat(job.path("name").asString()).isEqualTo("pi-small");
    assertThat(job.path("type").asString()).isEqualTo("pi");
    assertThat(job.path("entryClass").asString()).isEqualTo("io.tern.examples.MonteCarloPiJob");
    assertThat(job.path("state").asString()).isEqualTo("QUEUED");
    assertThat(job.path("parameters").path("samples").asLong()).isEqualTo(1_000_000L);
    assertThat(job.path("parameters").path("exact").asBoolean()).isTrue();
    assertThat(job.path("resources").path("slots").asInt()).isEqualTo(2);
    assertThat(job.path("checkpointIntervalSeconds").asInt()).isEqualTo(30);
    assertThat(job.path("maxRetries").asInt()).isEqualTo(3);
    assertThat(job.path("priority").asInt()).isEqualTo(5);
    assertThat(job.path("retries").asInt()).isZero();
    assertThat(job.path("pendingReason").asString()).isEqualTo("no ACTIVE worker is registered");

    Response read = api.get(created.location().substring(created.location().indexOf("/api/")));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().path("id").asLong()).isEqualTo(id);

    Response events = api.get("/api/v1/jobs/" + id + "/events");
    assertThat(events.body().get(0).path("type").asString()).isEqualTo("SUBMITTED");
  }

  @Test
  void anEntryClassJobGetsItsSimpleNameAsDefaultName() {
    Response created = api.post("/api/v1/jobs", "{\"entryClass\": \"io.tern.examples.PrimeCountJob\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("name").asString()).isEqualTo("PrimeCountJob");
    assertThat(created.body().path("resources").path("memoryMb").asInt()).isEqualTo(512);
  }

  @Test
  void pendingReasonNamesTheMissingCapacity() {
    new FakeWorker(api, "small-worker", 1).register();
    Response created = api.post("/api/v1/jobs", "{\"type\": \"primes\", \"resources\": {\"slots\": 2, \"memoryMb\": 512}}");
    assertThat(created.body().path("pendingReason").asString()).isEqualTo("no ACTIVE worker has 2 free slots");
  }

  @Test
  void listFiltersByStateAndPages() {
    long a = submit("{\"type\": \"pi\"}");
    long b = submit("{\"type\": \"primes\"}");
    long c = submit("{\"type\": \"pagerank\"}");
    assertThat(api.post("/api/v1/jobs/" + b + "/cancel", null).status()).isEqualTo(200);

    Response cancelled = api.get("/api/v1/jobs?state=cancelled");
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.body().path("items")).hasSize(1);
    assertThat(cancelled.body().path("items").get(0).path("id").asLong()).isEqualTo(b);

    Response firstPage = api.get("/api/v1/jobs?page=0&size=2");
    assertThat(firstPage.body().path("totalItems").asLong()).isEqualTo(3);
    assertThat(firstPage.body().path("totalPages").asInt()).isEqualTo(2);
    assertThat(firstPage.body().path("items").get(0).path("id").asLong()).isEqualTo(c);
    assertThat(firstPage.body().path("items").get(1).path("id").asLong()).isEqualTo(b);
    Response secondPage = api.get("/api/v1/jobs?page=1&size=2");
    assertThat(secondPage.body().path("items").get(0).path("id").asLong()).isEqualTo(a);
  }

  @Test
  void cancellingAQueuedJobCancelsItAtOnceAndASecondCancelConflicts() {
    long id = submit("{\"type\": \"pi\"}");

    Response cancelled = api.post("/api/v1/jobs/" + id + "/cancel", null);
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.body().path("state").asString()).isEqualTo("CANCELLED");
    assertThat(cancelled.body().path("finishedAt").isNull()).isFalse();

    Response again = api.post("/api/v1/jobs/" + id + "/cancel", null);
    assertProblem(again, 409, "state-conflict", "already CANCELLED");
  }

  static Stream<Arguments> badSubmissions() {
    return Stream.of(
        Arguments.of("{\"type\": \"nope\"}", "invalid-request", "Unknown job type 'nope'. Known types: pi, primes, pagerank, lines."),
        Arguments.of("{\"type\": \"pi\", \"entryClass\": \"a.B\"}", "invalid-request", "exactly one of 'type'"),
        Arguments.of("{}", "invalid-request", "exactly one of 'type'"),
        Arguments.of("{\"type\": \"pi\",", "malformed-request", "not valid JSON"),
        Arguments.of("", "malformed-request", "A JSON request body is required"),
        Arguments.of("[1, 2]", "malformed-request", "must be a JSON object"),
        Arguments.of("{\"type\": \"pi\", \"colour\": \"red\"}", "malformed-request", "Unknown field 'colour'"),
        Arguments.of("{\"type\": \"pi\", \"resources\": {\"slots\": 1, \"memoryMb\": 512, \"gpus\": 1}}",
            "malformed-request", "Unknown field 'resources.gpus'"),
        Arguments.of("{\"type\": \"pi\", \"resources\": {\"slots\": -1, \"memoryMb\": 512}}",
            "invalid-request", "resources.slots must be between 1 and 64"),
        Arguments.of("{\"type\": \"pi\", \"resources\": {\"slots\": 1, \"memoryMb\": 10}}",
            "invalid-request", "resources.memoryMb must be between 64 and 65536"),
        Arguments.of("{\"type\": \"pi\", \"resources\": {\"slots\": 1}}", "invalid-request", "resources.memoryMb is required"),
        Arguments.of("{\"type\": \"pi\", \"priority\": \"high\"}", "malformed-request", "Field 'priority' must be a whole number"),
        Arguments.of("{\"type\": \"pi\", \"checkpointIntervalSeconds\": 0}",
            "invalid-request", "checkpointIntervalSeconds must be between 1 and 86400"),
        Arguments.of("{\"type\": \"pi\", \"maxRetries\": 101}", "invalid-request", "maxRetries must be between 0 and 100"),
        Arguments.of("{\"entryClass\": \"not a class!\"}", "invalid-request",
            "entryClass must be a Java binary class name such as com.acme.MyJob"),
        Arguments.of("{\"type\": \"pi\", \"parameters\": {\"x\": {\"a\": 1}}}", "invalid-request",
            "Parameter 'x' must be a string, number or boolean, not a JSON object"),
        Arguments.of("{\"type\": \"pi\", \"parameters\": {\"x\": null}}", "invalid-request",
            "Parameter 'x' must be a string, number or boolean, not null"));
  }

  @ParameterizedTest
  @MethodSource("badSubmissions")
  void aBadSubmissionIsRefusedWithAProblemAndCreatesNothing(String body, String type, String detail) {
    long before = tables.jobCount();
    Response r = api.post("/api/v1/jobs", body);
    assertProblem(r, 400, type, detail);
    assertThat(tables.jobCount()).isEqualTo(before);
  }

  @Test
  void unknownIdsAnswer404Problems() {
    assertProblem(api.get("/api/v1/jobs/424242"), 404, "not-found", "Job 424242 does not exist.");
    assertProblem(api.post("/api/v1/jobs/424242/cancel", null), 404, "not-found", "Job 424242 does not exist.");
    assertProblem(api.get("/api/v1/jobs/424242/events"), 404, "not-found", "Job 424242 does not exist.");
    assertProblem(api.get("/api/v1/jobs/424242/checkpoints"), 404, "not-found", "Job 424242 does not exist.");
    assertProblem(api.get("/api/v1/jobs/424242/attempts"), 404, "not-found", "Job 424242 does not exist.");
  }

  @Test
  void badQueryAndPathParametersAnswer400Problems() {
    assertProblem(api.get("/api/v1/jobs/abc"), 400, "invalid-request", "Parameter 'id' must be a whole number, but was 'abc'.");
    assertProblem(api.get("/api/v1/jobs?state=SLEEPING"), 400, "invalid-request",
        "Unknown state 'SLEEPING'. Use one of [QUEUED, RUNNING, CANCELLING, HELD, COMPLETED, FAILED, CANCELLED].");
    assertProblem(api.get("/api/v1/jobs?size=501"), 400, "invalid-request", "'size' must be between 1 and 500, not 501.");
    assertProblem(api.get("/api/v1/jobs?page=-1"), 400, "invalid-request", "'page' must be 0 or more");
    assertProblem(api.get("/api/v1/jobs?size=ten"), 400, "invalid-request", "Parameter 'size' must be a whole number");
  }

  @Test
  void listsWorkersWithTheirFreeCapacity() {
    api.withBearer(TestCredentials.JOIN_TOKEN)
        .post("/internal/v1/workers/register", new RegisterRequest("w-list", 4, 8192, Map.of("zone", "a"), "1.0"));
    Response workers = api.get("/api/v1/workers");
    assertThat(workers.status()).isEqualTo(200);
    JsonNode w = workers.body().get(0);
    assertThat(w.path("name").asString()).isEqualTo("w-list");
    assertThat(w.path("state").asString()).isEqualTo("ACTIVE");
    assertThat(w.path("freeSlots").asInt()).isEqualTo(4);
    assertThat(w.path("freeMemoryMb").asLong()).isEqualTo(8192);
    assertThat(w.path("labels").path("zone").asString()).isEqualTo("a");
  }

  @Test
  void servesOpenApiHealthAndMetrics() {
    Response docs = api.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().path("paths").has("/api/v1/jobs")).isTrue();
    assertThat(docs.body().path("paths").has("/api/v1/jobs/{id}/cancel")).isTrue();
    assertThat(api.get("/swagger-ui.html").status()).isIn(200, 302);
    Response health = api.get("/actuator/health");
    assertThat(health.body().path("status").asString()).isEqualTo("UP");
    Response metrics = api.get("/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.raw()).contains("jvm_memory_used_bytes");
  }

  private long submit(String body) {
    Response r = api.post("/api/v1/jobs", body);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }

  static void assertProblem(Response r, int status, String typeSuffix, String detailPart) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.body().path("type").asString()).endsWith("/" + typeSuffix);
    assertThat(r.body().path("status").asInt()).isEqualTo(status);
    assertThat(r.body().path("detail").asString()).contains(detailPart);
    assertThat(r.raw()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
