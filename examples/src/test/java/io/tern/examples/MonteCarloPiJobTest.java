package io.tern.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tern.sdk.testkit.JobTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonteCarloPiJobTest {

  private static final Map<String, String> TEN_MILLION = Map.of("samples", "10000000", "samplesPerStep", "500000");

  @Test
  void estimatesPiWithinOneHundredthAndSurvivesRestores() {
    JobTestKit.RunResult run = JobTestKit.assertSurvivesRestores(MonteCarloPiJob::new, TEN_MILLION, 42L, 6);

    assertThat(run.steps()).isEqualTo(20);
    assertThat(run.result()).containsEntry("samples", 10_000_000L);
    assertThat((double) run.result().get("pi")).isCloseTo(Math.PI, within(0.01));
    long inside = (long) run.result().get("inside");
    assertThat((double) run.result().get("pi")).isEqualTo(4.0 * inside / 10_000_000);
  }

  @Test
  void theSeedDecidesTheSampleAndALastPartialStepIsCounted() {
    Map<String, String> odd = Map.of("samples", "1234567", "samplesPerStep", "100000", "seed", "7");

    JobTestKit.RunResult a = JobTestKit.runUninterrupted(MonteCarloPiJob::new, odd);
    JobTestKit.RunResult b = JobTestKit.runUninterrupted(MonteCarloPiJob::new, Map.of("samples", "1234567",
        "samplesPerStep", "100000", "seed", "8"));

    assertThat(a.steps()).isEqualTo(13);
    assertThat(a.result()).containsEntry("samples", 1_234_567L);
    assertThat(a.result().get("inside")).isNotEqualTo(b.result().get("inside"));
  }
}
