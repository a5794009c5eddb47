package io.tern.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A misconfigured worker refuses to start and says which property is wrong. */
class WorkerConfigurationIT {

  private static final String[] STORAGE_WITHOUT_MANIFEST_KEY = {
      "--tern.storage.endpoint=http://127.0.0.1:1", "--tern.storage.access-key=a", "--tern.storage.secret-key=s"};
  private static final String[] STORAGE =
      concat(STORAGE_WITHOUT_MANIFEST_KEY, "--tern.storage.manifest-key=" + "6d".repeat(32));

  @Test
  void refusesToStartWithoutASchedulerUrl() {
    assertThatThrownBy(() -> start(STORAGE))
        .rootCause().hasMessageContaining("tern.worker.scheduler-url is required");
  }

  @Test
  void refusesToStartWithoutSlots() {
    assertThatThrownBy(() -> start(concat(STORAGE, "--tern.worker.scheduler-url=http://127.0.0.1:1",
        "--tern.worker.slots=0")))
        .rootCause().hasMessageContaining("tern.worker.slots must be at least 1, got 0");
  }

  @Test
  void refusesToStartWithoutStorage() {
    assertThatThrownBy(() -> start(new String[] {"--tern.worker.scheduler-url=http://127.0.0.1:1",
        "--tern.worker.join-token=" + "j".repeat(40)}))
        .rootCause().hasMessageContaining("tern.storage.endpoint is required");
  }

  @Test
  void refusesToStartWithoutAManifestKey() {
    assertThatThrownBy(() -> start(concat(STORAGE_WITHOUT_MANIFEST_KEY, "--tern.worker.scheduler-url=http://127.0.0.1:1",
        "--tern.worker.join-token=" + "j".repeat(40))))
        .rootCause().hasMessageContaining("tern.storage.manifest-key is required");
  }

  @Test
  void refusesToStartWithoutAJoinTokenAndDoesNotEchoSecrets() {
    assertThatThrownBy(() -> start(concat(STORAGE, "--tern.worker.scheduler-url=http://127.0.0.1:1")))
        .rootCause().hasMessageContaining("tern.worker.join-token is required");
  }

  private static void start(String[] args) {
    new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE).run(args).close();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
