package io.tern.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.sdk.testkit.JobTestKit;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job writes its numbered lines into its output directory, with and without restores (files on disk). */
class NumberedLinesJobIT {

  private static final Map<String, String> PARAMS = Map.of("lines", "200", "work", "10");

  @Test
  void writesEveryLineOnceWithOrWithoutRestores() throws Exception {
    JobTestKit.RunResult uninterrupted = JobTestKit.runUninterrupted(NumberedLinesJob::new, PARAMS);
    JobTestKit.assertSurvivesRestores(NumberedLinesJob::new, PARAMS, 16L, 5);
    JobTestKit.RunResult restored = JobTestKit.runWithRestores(NumberedLinesJob::new, PARAMS, java.util.List.of(0L, 1L, 57L, 199L));

    String expected = NumberedLinesJob.expectedLines(200, 10);
    assertThat(expected).startsWith("line 1 ").contains("\nline 200 ").hasLineCount(200);
    assertThat(Files.readString(uninterrupted.outputDir().resolve(NumberedLinesJob.FILE))).isEqualTo(expected);
    assertThat(Files.readString(restored.outputDir().resolve(NumberedLinesJob.FILE))).isEqualTo(expected);
    assertThat(restored.restoredAfterSteps()).containsExactly(0L, 1L, 57L, 199L);
    assertThat(restored.result()).isEqualTo(uninterrupted.result());
  }
}
