package io.tern.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.sdk.testkit.JobTestKit;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PrimeCountJobTest {

  @ParameterizedTest(name = "pi({0}) = {1}")
  @CsvSource({
      "1000000, 78498, 999983",
      "10000000, 664579, 9999991",
      "100000000, 5761455, 99999989"})
  void countsMatchTheKnownPrimeCountingFunction(long limit, long count, long largest) {
    JobTestKit.RunResult run = JobTestKit.runUninterrupted(PrimeCountJob::new, Map.of("limit", Long.toString(limit)));

    assertThat(run.result()).containsEntry("limit", limit).containsEntry("count", count)
        .containsEntry("largestPrime", largest);
  }

  @Test
  void survivesRestoresWithSmallSegments() {
    Map<String, String> params = Map.of("limit", "1000000", "segmentSize", "65536");

    JobTestKit.RunResult run = JobTestKit.assertSurvivesRestores(PrimeCountJob::new, params, 11L, 5);

    assertThat(run.result()).containsEntry("count", 78_498L);
    assertThat(run.steps()).isEqualTo(16);
  }

  @Test
  void pacedStepsLastAtLeastTheirMinimumAndCountTheSame() {
    Map<String, String> params = Map.of("limit", "1000000", "segmentSize", "131072", "minStepMillis", "20");

    long started = System.nanoTime();
    JobTestKit.RunResult run = JobTestKit.runUninterrupted(PrimeCountJob::new, params);
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(run.result()).containsEntry("count", 78_498L);
    assertThat(elapsedMillis).as("%d steps of at least 20 ms", run.steps()).isGreaterThanOrEqualTo(20L * run.steps());
  }

  @Test
  void aNegativeMinimumStepIsRefused() {
    Map<String, String> params = Map.of("limit", "1000", "minStepMillis", "-1");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobTestKit.runUninterrupted(PrimeCountJob::new, params))
        .hasMessageContaining("minStepMillis");
  }

  @ParameterizedTest(name = "limit {0}")
  @CsvSource({"0, 0", "1, 0", "2, 1", "3, 2", "10, 4", "100, 25", "97, 25", "7919, 1000"})
  void smallLimitsAndSegmentBoundaries(long limit, long count) {
    Map<String, String> params = Map.of("limit", Long.toString(limit), "segmentSize", "4");

    JobTestKit.RunResult run = JobTestKit.runUninterrupted(PrimeCountJob::new, params);

    assertThat(run.result()).containsEntry("count", count);
    assertThat(run.result().get("largestPrime")).isEqualTo(count == 0 ? null : largestPrimeUpTo(limit));
  }

  private static Long largestPrimeUpTo(long n) {
    for (long x = n; x >= 2; x--) {
      boolean prime = true;
      for (long d = 2; d * d <= x; d++) {
        if (x % d == 0) {
          prime = false;
          break;
        }
      }
      if (prime) {
        return x;
      }
    }
    return null;
  }
}
