package com.example.collatz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tern.sdk.testkit.JobTestKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LongestCollatzChainJobTest {

  @ParameterizedTest(name = "below {0}: {1} with {2} steps")
  @CsvSource({
      "10, 9, 19",
      "100, 97, 118",
      "1000, 871, 178",
      "100000, 77031, 350",
      "1000000, 837799, 524"})
  void findsTheKnownLongestChains(long to, long start, int steps) {
    JobTestKit.RunResult run = JobTestKit.runUninterrupted(LongestCollatzChainJob::new,
        Map.of("to", Long.toString(to), "numbersPerStep", "7919"));

    assertEquals(start, run.result().get("longestChainStart"));
    assertEquals(steps, run.result().get("longestChainSteps"));
    assertEquals(LongestCollatzChainJob.VERSION, run.result().get("version"));
  }

  @Test
  void survivesSnapshotsAndRestoresAtRandomSteps() {
    Map<String, String> params = Map.of("to", "1000000", "numbersPerStep", "10000", "cacheSize", "50000");

    JobTestKit.RunResult run = JobTestKit.assertSurvivesRestores(LongestCollatzChainJob::new, params, 7L, 6);

    assertEquals(837_799L, run.result().get("longestChainStart"));
    assertEquals(100, run.steps());
  }

  @Test
  void searchesOnlyTheGivenRange() {
    Map<String, String> params = Map.of("from", "1000", "to", "2000", "numbersPerStep", "64");

    JobTestKit.RunResult run = JobTestKit.runWithRestores(LongestCollatzChainJob::new, params, List.of(0L, 3L, 15L));

    long best = 0;
    int bestSteps = -1;
    for (long n = 1000; n < 2000; n++) {
      int s = 0;
      for (long x = n; x != 1; x = x % 2 == 0 ? x / 2 : 3 * x + 1) {
        s++;
      }
      if (s > bestSteps) {
        bestSteps = s;
        best = n;
      }
    }
    assertEquals(best, run.result().get("longestChainStart"));
    assertEquals(bestSteps, run.result().get("longestChainSteps"));
    assertEquals(List.of(0L, 3L, 15L), run.restoredAfterSteps());
  }

  @Test
  void aMalformedParameterFailsWithItsName() {
    JobTestKit.JobFailedException e = assertThrows(JobTestKit.JobFailedException.class,
        () -> JobTestKit.runUninterrupted(LongestCollatzChainJob::new, Map.of("from", "10", "to", "5")));

    assertTrue(e.getMessage().contains("'to'"), e.getMessage());
  }
}
