package io.tern.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tern.sdk.testkit.JobTestKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageRankJobTest {

  private static final Map<String, String> SMALL = Map.of("nodes", "2000", "outDegree", "5", "iterations", "12",
      "nodesPerStep", "300", "seed", "9");

  @Test
  void ranksSumToOneAndSurviveRestoresMidIteration() {
    JobTestKit.RunResult run = JobTestKit.assertSurvivesRestores(PageRankJob::new, SMALL, 3L, 8);

    assertThat(run.steps()).isEqualTo(12 * 7); // 2000 nodes in steps of 300
    assertThat(run.result()).containsEntry("iterations", 12).containsEntry("nodes", 2000);
    assertThat((double) run.result().get("sum")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void ranksEqualAStraightforwardDenseImplementation() {
    int n = 2000;
    int degree = 5;
    double d = 0.85;
    long seed = 9;
    double[][] link = new double[n][n]; // link[v][u]: fraction of u's rank that goes to v
    for (int u = 0; u < n; u++) {
      for (int k = 0; k < degree; k++) {
        link[PageRankJob.target(seed, u, k, n)][u] += 1.0 / degree;
      }
    }
    double[] rank = new double[n];
    java.util.Arrays.fill(rank, 1.0 / n);
    for (int it = 0; it < 12; it++) {
      double[] next = new double[n];
      for (int v = 0; v < n; v++) {
        double in = 0;
        for (int u = 0; u < n; u++) {
          in += link[v][u] * rank[u];
        }
        next[v] = (1 - d) / n + d * in;
      }
      rank = next;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> top = (List<Map<String, Object>>) JobTestKit.runUninterrupted(PageRankJob::new, SMALL)
        .result().get("top");

    int[] expectedTop = PageRankJob.topNodes(rank, 5);
    assertThat(top).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(top.get(i).get("node")).isEqualTo(expectedTop[i]);
      assertThat((double) top.get(i).get("rank")).isCloseTo(rank[expectedTop[i]], within(1e-12));
    }
  }

  @Test
  void topNodesAreTheLargestInDescendingOrder() {
    double[] values = {0.1, 0.5, 0.3, 0.5, 0.0, 0.9, 0.2};

    assertThat(PageRankJob.topNodes(values, 3)).containsExactly(5, 1, 3);
    assertThat(PageRankJob.topNodes(new double[] {1}, 5)).containsExactly(0);
  }

  @Test
  void theGraphIsDeterministicAndCoversTheNodes() {
    int n = 1000;
    boolean[] hit = new boolean[n];
    for (int u = 0; u < n; u++) {
      for (int k = 0; k < 8; k++) {
        int t = PageRankJob.target(42, u, k, n);
        assertThat(t).isEqualTo(PageRankJob.target(42, u, k, n)).isBetween(0, n - 1);
        hit[t] = true;
      }
    }
    int covered = 0;
    for (boolean h : hit) {
      covered += h ? 1 : 0;
    }
    assertThat(covered).isGreaterThan(990); // 8000 random links over 1000 nodes miss ~0.03 %
  }
}
