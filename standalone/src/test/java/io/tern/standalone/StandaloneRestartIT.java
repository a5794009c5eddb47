package io.tern.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.testsupport.TernClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A job survives a restart of the whole standalone system (workers, scheduler, S3 server and
 * PostgreSQL stopped and started again on the same data folder): it resumes from its checkpoint, not
 * from the start, and its result equals an uninterrupted run's.
 */
class StandaloneRestartIT {

  @TempDir Path dataDir;

  @Test
  void jobResumesFromItsCheckpointAfterTheWholeSystemRestarts() throws Exception {
    Map<String, String> params = PageRankFixture.PARAMS;
    long id;
    long seqBeforeStop;
    long stepBeforeStop;
    StandaloneOptions options =
        StandaloneOptions.defaults().withDataDir(dataDir).withPort(0).withHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(5));

    String adminToken;
    try (TernStandalone tern = TernStandalone.start(options)) {
      TernClient api = new TernClient(tern.baseUrl()).withBearer(Files.readString(tern.adminTokenFile()).trim());
      adminToken = api.token();
      id = api.submit(PageRankFixture.request("pagerank-restart", 1));
      await().atMost(Duration.ofSeconds(90)).until(() -> api.committedCheckpoints(id).stream().anyMatch(c -> c.path("step").asLong() > 0));
      assertThat(api.job(id).path("state").asString()).isEqualTo("RUNNING");
    }
    assertThat(ChildProcesses.jobProcesses()).as("stopping the workers stops their job processes").isEmpty();

    try (TernStandalone tern = TernStandalone.start(options)) {
      TernClient api = new TernClient(tern.baseUrl()).withBearer(Files.readString(tern.adminTokenFile()).trim());
      assertThat(api.token()).as("the admin token survives the restart").isEqualTo(adminToken);
      List<JsonNode> committed = api.committedCheckpoints(id);
      assertThat(committed).as("checkpoints survive the restart").isNotEmpty();
      JsonNode latest = committed.get(committed.size() - 1);
      seqBeforeStop = latest.path("seq").asLong();
      stepBeforeStop = latest.path("step").asLong();

      await().atMost(Duration.ofMinutes(4)).until(() -> CheckpointRestoreIT.isFinal(api.job(id)));
      JsonNode done = api.job(id);
      assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
      assertThat(done.path("result")).isEqualTo(PageRankFixture.expectedResult());

      JsonNode resumed =
          api.attempts(id).stream().filter(a -> "SUCCEEDED".equals(a.path("state").asString())).findFirst().orElseThrow();
      assertThat(resumed.path("restoredFromSeq").asLong())
          .as("the attempt after the restart starts from the last checkpoint taken before it")
          .isGreaterThanOrEqualTo(seqBeforeStop);
      long restoredSeq = resumed.path("restoredFromSeq").asLong();
      JsonNode restoredFrom =
          api.committedCheckpoints(id).stream().filter(c -> c.path("seq").asLong() == restoredSeq).findFirst().orElseThrow();
      assertThat(restoredFrom.path("step").asLong()).isGreaterThanOrEqualTo(stepBeforeStop).isPositive();
    }
  }
}
