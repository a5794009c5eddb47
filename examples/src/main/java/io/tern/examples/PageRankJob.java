package io.tern.examples;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.Codecs;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PageRank by power iteration over a generated graph: node {@code u} links to
 * {@link #target(long, int, int, int) target(seed, u, k, nodes)} for k = 0 .. outDegree-1 (duplicate
 * links and self-links count as they are). Every node has out-links, so there are no dangling nodes:
 * {@code next[v] = (1 - d) / n + d · Σ rank[u] / outDegree} over the links u → v.
 *
 * <p>The graph is not part of the state (memory exclusion): links are recomputed from a hash of
 * (seed, node, k). The state is the iteration, the position inside it and two {@code double[]} of
 * {@code nodes} entries — 16 bytes per node, so {@code nodes} is the knob for the image size
 * (134 217 728 nodes ≈ 1 GiB per array).
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code nodes} — number of nodes (default 1 000 000)</li>
 *   <li>{@code outDegree} — links per node (default 8)</li>
 *   <li>{@code iterations} — power iterations (default 20)</li>
 *   <li>{@code nodesPerStep} — nodes whose links are followed per step (default 100 000)</li>
 *   <li>{@code damping} — damping factor d (default 0.85)</li>
 *   <li>{@code seed} — graph seed (default 42)</li>
 * </ul>
 *
 * <p>Result: {@code iterations} (done), {@code nodes}, {@code sum} (sum of the ranks, ≈ 1),
 * {@code top} (the 5 highest-ranked nodes, each {@code {"node": n, "rank": r}}), and
 * {@code checksum} (hex of a hash over the ranks rounded to 12 significant digits relative to 1/n,
 * for comparing runs).
 */
public class PageRankJob implements CheckpointableJob<PageRankJob.State> {

  /** The job's whole state. */
  public static final class State {
    int iteration;
    int position;
    double[] rank;
    double[] next;
  }

  private Params params;

  /** The job's parameters, read once per instance. */
  record Params(int nodes, int outDegree, int iterations, int nodesPerStep, double damping, long seed) {
    static Params of(JobContext ctx) {
      Params p = new Params(ctx.intParam("nodes", 1_000_000), ctx.intParam("outDegree", 8),
          ctx.intParam("iterations", 20), ctx.intParam("nodesPerStep", 100_000), ctx.doubleParam("damping", 0.85),
          ctx.longParam("seed", 42));
      if (p.nodes < 1 || p.outDegree < 1 || p.iterations < 0 || p.nodesPerStep < 1) {
        throw new IllegalArgumentException("nodes, outDegree and nodesPerStep must be positive, iterations >= 0: " + p);
      }
      if (!(p.damping >= 0 && p.damping <= 1)) {
        throw new IllegalArgumentException("parameter 'damping' must be between 0 and 1, got " + p.damping);
      }
      return p;
    }
  }

  /** The k-th link of node {@code node} in the graph of {@code seed} with {@code nodes} nodes. */
  public static int target(long seed, int node, int k, int nodes) {
    long h = SplitMix64.mix(seed * 0x9e3779b97f4a7c15L + ((long) node << 20) + k);
    return (int) Math.floorMod(h, (long) nodes);
  }

  @Override
  public State init(JobContext ctx) {
    params = Params.of(ctx);
    State s = new State();
    s.rank = new double[params.nodes];
    s.next = new double[params.nodes];
    Arrays.fill(s.rank, 1.0 / params.nodes);
    return s;
  }

  @Override
  public StepResult step(State s, JobContext ctx) {
    if (params == null) {
      params = Params.of(ctx);
    }
    Params p = params;
    if (s.iteration >= p.iterations) {
      return StepResult.DONE;
    }
    int end = (int) Math.min((long) s.position + p.nodesPerStep, p.nodes);
    double[] rank = s.rank;
    double[] next = s.next;
    for (int u = s.position; u < end; u++) {
      double share = p.damping * rank[u] / p.outDegree;
      for (int k = 0; k < p.outDegree; k++) {
        next[target(p.seed, u, k, p.nodes)] += share;
      }
    }
    s.position = end;
    if (end == p.nodes) {
      double teleport = (1 - p.damping) / p.nodes;
      for (int v = 0; v < p.nodes; v++) {
        next[v] += teleport;
      }
      s.rank = next;
      s.next = rank;
      Arrays.fill(s.next, 0.0);
      s.position = 0;
      s.iteration++;
    }
    return s.iteration >= p.iterations ? StepResult.DONE : StepResult.CONTINUE;
  }

  @Override
  public StateCodec<State> codec() {
    return Codecs.of("tern.examples.pagerank", 1,
        (s, out) -> {
          out.writeInt(s.iteration);
          out.writeInt(s.position);
          out.writeDoubleArray(s.rank);
          out.writeDoubleArray(s.next);
        },
        in -> {
          State s = new State();
          s.iteration = in.readInt();
          s.position = in.readInt();
          s.rank = in.readDoubleArray();
          s.next = in.readDoubleArray();
          if (s.rank == null || s.next == null || s.rank.length != s.next.length) {
            throw new java.io.IOException("corrupt PageRank state: rank arrays missing or of different lengths");
          }
          return s;
        });
  }

  @Override
  public Map<String, Object> result(State s, JobContext ctx) {
    double[] rank = s.rank;
    double sum = 0;
    long checksum = 0x5eed;
    for (double r : rank) {
      sum += r;
      checksum = SplitMix64.mix(checksum ^ Math.round(r * rank.length * 1e12));
    }
    List<Map<String, Object>> top = new ArrayList<>();
    for (int node : topNodes(rank, 5)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("node", node);
      entry.put("rank", rank[node]);
      top.add(entry);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("iterations", s.iteration);
    r.put("nodes", rank.length);
    r.put("sum", sum);
    r.put("top", top);
    r.put("checksum", Long.toHexString(checksum));
    return r;
  }

  @Override
  public double progress(State s) {
    if (params == null || params.iterations == 0) {
      return Double.NaN;
    }
    return (s.iteration + (double) s.position / params.nodes) / params.iterations;
  }

  /** Indices of the {@code k} largest values, largest first (ties: lower index first). */
  static int[] topNodes(double[] values, int k) {
    int n = Math.min(k, values.length);
    int[] best = new int[n];
    int size = 0;
    for (int i = 0; i < values.length; i++) {
      if (size == n && values[i] <= values[best[n - 1]]) {
        continue;
      }
      int j = size < n ? size++ : n - 1;
      while (j > 0 && values[best[j - 1]] < values[i]) {
        best[j] = best[j - 1];
        j--;
      }
      best[j] = i;
    }
    return best;
  }
}
