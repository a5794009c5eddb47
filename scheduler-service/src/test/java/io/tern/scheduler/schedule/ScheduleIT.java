package io.tern.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Recurring submissions through the REST API, fired by the real (clustered, JDBC) Quartz scheduler. */
@SchedulerIT
class ScheduleIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  TernClient api;

  @BeforeEach
  void setUp() {
    api = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    new Tables(jdbc).clear();
    jdbc.update("delete from qrtz_cron_triggers where trigger_group = 'tern-schedules'");
    jdbc.update("delete from qrtz_triggers where trigger_group = 'tern-schedules'");
    jdbc.update("delete from qrtz_job_details where job_group = 'tern-schedules'");
  }

  @Test
  void aScheduleSubmitsItsTemplateAtEachFiringUntilPausedAndSaysWhenItFiresNext() {
    allowCronsEvery(1);
    Response created = api.post("/api/v1/schedules", """
        {"name": "every-second", "cron": "* * * * * ?", "timeZone": "Europe/Paris",
         "template": {"type": "pi", "parameters": {"samples": 1000}, "priority": 3}}
        """);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long id = created.body().path("id").asLong();
    JsonNode next = created.body().path("nextFireTimes");
    assertThat(next).hasSize(5);
    assertThat(Instant.parse(next.get(1).asString())).isEqualTo(Instant.parse(next.get(0).asString()).plusSeconds(1));

    await().atMost(Duration.ofSeconds(20)).until(() -> submittedBy(id) >= 2);
    JsonNode job = api.get("/api/v1/jobs/" + api.get("/api/v1/schedules/" + id).body().path("lastJobId").asLong()).body();
    assertThat(job.path("scheduleId").asLong()).isEqualTo(id);
    assertThat(job.path("priority").asInt()).isEqualTo(3);

    Response paused = api.post("/api/v1/schedules/" + id + "/pause", null);
    assertThat(paused.body().path("paused").asBoolean()).isTrue();
    assertThat(paused.body().path("nextFireTimes")).isEmpty();
    // a firing already running when the pause committed may still submit; after that, nothing more
    AtomicLong seen = new AtomicLong(-1);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1500))
        .until(() -> seen.getAndSet(submittedBy(id)) == submittedBy(id));
    long count = submittedBy(id);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> submittedBy(id) == count);

    assertThat(api.post("/api/v1/schedules/" + id + "/resume", null).body().path("nextFireTimes")).hasSize(5);
    await().atMost(Duration.ofSeconds(20)).until(() -> submittedBy(id) > count);
    assertThat(api.get("/api/v1/schedules").body()).hasSize(1);
    assertThat(api.delete("/api/v1/schedules/" + id).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/schedules/" + id).status()).isEqualTo(404);
  }

  @Test
  void badSchedulesAreRefusedWithAProblemAndNothingIsStored() {
    expect(api.post("/api/v1/schedules", "{\"name\": \"x\", \"cron\": \"every day\", \"template\": {\"type\": \"pi\"}}"));
    expect(api.post("/api/v1/schedules",
        "{\"name\": \"x\", \"cron\": \"0 0 2 * * ?\", \"timeZone\": \"Mars/Base\", \"template\": {\"type\": \"pi\"}}"));
    expect(api.post("/api/v1/schedules", "{\"name\": \"x\", \"cron\": \"0 0 2 * * ?\", \"template\": {\"type\": \"nope\"}}"));
    expect(api.post("/api/v1/schedules", "{\"name\": \"x\", \"cron\": \"0 0 2 * * ?\"}"));
    assertThat(jdbc.queryForObject("select count(*) from schedules", Long.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from qrtz_triggers where trigger_group = 'tern-schedules'", Long.class))
        .isZero();
  }

  @Test
  void aCronFiringMoreOftenThanTheMinimumIntervalIsRefusedAndNothingIsStored() {
    for (String cron : new String[] {"* * * * * ?", "0/30 * * * * ?", "0,1 0 2 * * ?"}) {
      Response r = api.post("/api/v1/schedules",
          "{\"name\": \"x\", \"cron\": \"" + cron + "\", \"template\": {\"type\": \"pi\"}}");
      expect(r);
      assertThat(r.text("detail")).as(cron).contains("60 seconds");
    }
    assertThat(jdbc.queryForObject("select count(*) from schedules", Long.class)).isZero();
    assertThat(api.post("/api/v1/schedules",
        "{\"name\": \"minutely\", \"cron\": \"0 * * * * ?\", \"template\": {\"type\": \"pi\"}}").status())
        .isEqualTo(201);
  }

  @Test
  void aScheduleStopsFiringOnceItsCreatorsTokenIsRevokedAndSaysWhy() {
    allowCronsEvery(1);
    Response token = api.post("/api/v1/tokens", "{\"name\": \"nightly-ops\", \"role\": \"OPERATOR\", \"owner\": \"ops\"}");
    TernClient creator = new TernClient(port).withBearer(token.body().path("token").asString());
    long id = creator.post("/api/v1/schedules", """
        {"name": "by-ops", "cron": "* * * * * ?", "template": {"type": "pi", "parameters": {"samples": 1000}}}
        """).expect(201).path("id").asLong();
    await().atMost(Duration.ofSeconds(20)).until(() -> submittedBy(id) >= 1);

    assertThat(api.delete("/api/v1/tokens/" + token.body().path("id").asLong()).status()).isEqualTo(204);

    await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/schedules/" + id).body().path("paused").asBoolean());
    JsonNode stopped = api.get("/api/v1/schedules/" + id).body();
    assertThat(stopped.path("pausedReason").asString()).contains("nightly-ops").contains("revoked");
    assertThat(stopped.path("nextFireTimes")).isEmpty();
    long count = submittedBy(id);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> submittedBy(id) == count);
  }

  private void allowCronsEvery(int seconds) {
    tools.jackson.databind.node.ObjectNode limits =
        (tools.jackson.databind.node.ObjectNode) api.get("/api/v1/settings/limits").expect(200);
    limits.put("minScheduleIntervalSeconds", seconds);
    api.put("/api/v1/settings/limits", limits).expect(200);
  }

  private long submittedBy(long scheduleId) {
    return jdbc.queryForObject("select count(*) from jobs where schedule_id = ?", Long.class, scheduleId);
  }

  private static void expect(Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    assertThat(r.problemType()).as(r.raw()).isEqualTo("invalid-request");
  }
}
