package io.tern.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OrphanedJobProcessesTest {

  private final OrphanedJobProcesses orphans = new OrphanedJobProcesses(Path.of("/var/tern/w1"), Stream::empty);

  @Test
  void recognisesAJobProcessOfItsOwnWorkDirectory() {
    assertThat(orphans.isOurJobProcess("/usr/bin/java -Xmx256m -XX:+UseSerialGC -cp /a.jar:/b.jar "
        + "io.tern.sdk.internal.runtime.ChildMain /var/tern/w1/attempts/42/tern.sock")).isTrue();
  }

  @Test
  void recognisesAJobProcessWhoseSocketMovedToATemporaryPath() {
    // a long work directory makes the socket path too long for a Unix socket: it moves to /tmp
    assertThat(orphans.isOurJobProcess("/usr/bin/java -Xmx256m -XX:+UseSerialGC -Dtern.attempt.dir=/var/tern/w1/attempts/42 "
        + "-cp /a.jar io.tern.sdk.internal.runtime.ChildMain /tmp/tern-123/tern.sock")).isTrue();
  }

  @Test
  void leavesOtherWorkersAndOtherProcessesAlone() {
    assertThat(orphans.isOurJobProcess("/usr/bin/java -cp /a.jar io.tern.sdk.internal.runtime.ChildMain "
        + "/var/tern/w10/attempts/42/tern.sock")).as("another worker's work directory").isFalse();
    assertThat(orphans.isOurJobProcess("/usr/bin/java -jar worker.jar --tern.worker.work-dir=/var/tern/w1/attempts/"))
        .as("not a job process").isFalse();
  }

  @Test
  void findsNothingWhenNoJobProcessRuns() {
    assertThat(orphans.find()).isEmpty();
  }
}
