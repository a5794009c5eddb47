package io.tern.scheduler.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobEventViewTest {

  @Test
  void aSubmittersViewNamesNoWorker() {
    JobEventView placed = new JobEventView(1, JobEventType.PLACED, "Placed on worker rack7.node-1 as attempt 1.", 1,
        "rack7.node-1", Instant.EPOCH);

    JobEventView shown = placed.withoutWorker();

    assertThat(shown.worker()).isNull();
    assertThat(shown.message()).isEqualTo("Placed on a worker as attempt 1.");
  }

  @Test
  void onlyWholeMentionsOfThatWorkerAreReplaced() {
    assertThat(JobEventView.hideWorker("Worker w-1 sent no heartbeat; worker w-10 took over", "w-1"))
        .isEqualTo("a worker sent no heartbeat; worker w-10 took over");
    assertThat(JobEventView.hideWorker("worker w-1 registered again", "w-1")).isEqualTo("a worker registered again");
    assertThat(JobEventView.hideWorker("Submitted by alice", "w-1")).isEqualTo("Submitted by alice");
    assertThat(JobEventView.hideWorker(null, "w-1")).isNull();
  }
}
