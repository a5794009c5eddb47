package io.tern.systemtest;

import io.tern.examples.MonteCarloPiJob;
import io.tern.examples.PageRankJob;
import io.tern.sdk.testkit.JobTestKit;
import io.tern.testsupport.JobRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deterministic example job and its known correct result: prime counts π(n) from the literature,
 * Monte Carlo π and PageRank from an uninterrupted in-process run of the same job.
 *
 * @param type catalog name
 * @param parameters job parameters
 * @param memoryMb memory of each attempt
 * @param checkpointIntervalSeconds how often it is checkpointed
 */
record TestJob(String type, Map<String, String> parameters, int memoryMb, int checkpointIntervalSeconds) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<TestJob, JsonNode> UNINTERRUPTED = new ConcurrentHashMap<>();

  /** π(n) for the limits below (OEIS A006880 and Oliveira e Silva's tables). */
  static final Map<Long, Long> PRIME_COUNTS = Map.of(
      1_000_000_000L, 50_847_534L,
      2_000_000_000L, 98_222_287L,
      4_000_000_000L, 189_961_812L,
      10_000_000_000L, 455_052_511L,
      100_000_000_000L, 4_118_054_813L);

  /** Counts the primes up to {@code limit} (one of {@link #PRIME_COUNTS}) in segments of 2^20 numbers. */
  static TestJob primes(long limit) {
    if (!PRIME_COUNTS.containsKey(limit)) {
      throw new IllegalArgumentException("no known π(" + limit + ")");
    }
    return new TestJob("primes", Map.of("limit", Long.toString(limit), "segmentSize", Integer.toString(1 << 20)), 128, 1);
  }

  /** PageRank over a random graph of {@code nodes} nodes; its image holds two double arrays of that length. */
  static TestJob pageRank(int nodes, int iterations) {
    return new TestJob("pagerank", Map.of("nodes", Integer.toString(nodes), "outDegree", "8",
        "iterations", Integer.toString(iterations), "nodesPerStep", "250000", "seed", "7"), 768, 1);
  }

  /** Monte Carlo estimate of π with a fixed seed. */
  static TestJob monteCarloPi(long samples) {
    return new TestJob("pi", Map.of("samples", Long.toString(samples), "samplesPerStep", "2000000", "seed", "11"), 128, 1);
  }

  /**
   * Monte Carlo π whose steps last at least {@code minStepMillis} (waiting, not computing): a long job
   * that costs little CPU.
   */
  static TestJob pacedMonteCarloPi(long samples, long minStepMillis) {
    return new TestJob("pi", Map.of("samples", Long.toString(samples), "samplesPerStep", "2000000", "seed", "11",
        "minStepMillis", Long.toString(minStepMillis)), 128, 1);
  }

  /**
   * {@code lines} steps of at least {@code minStepMillis}, each printing a numbered line and appending it
   * to the output file {@code lines.txt} (type {@code lines}: {@code NumberedLinesJob}).
   */
  static final long NUMBERED_LINES_WORK = 1000;

  static TestJob numberedLines(int lines, long minStepMillis) {
    return new TestJob("lines", Map.of("lines", Integer.toString(lines), "work", Long.toString(NUMBERED_LINES_WORK),
        "minStepMillis", Long.toString(minStepMillis)), 128, 1);
  }

  TestJob withCheckpointInterval(int seconds) {
    return new TestJob(type, parameters, memoryMb, seconds);
  }

  /** The body of {@code POST /api/v1/jobs}. */
  JobRequest request(String name) {
    return JobRequest.ofType(type).name(name).parameters(parameters).memoryMb(memoryMb)
        .checkpointIntervalSeconds(checkpointIntervalSeconds).maxRetries(3);
  }

  /** True when {@code result} (the job's result as the REST API shows it) is the correct answer. */
  boolean isCorrect(JsonNode result) {
    if (type.equals("primes")) {
      long limit = Long.parseLong(parameters.get("limit"));
      return result.path("limit").asLong() == limit && result.path("count").asLong() == PRIME_COUNTS.get(limit);
    }
    return expected().equals(result);
  }

  /** What a correct result looks like, for messages. */
  String describeExpected() {
    if (type.equals("primes")) {
      return "count=" + PRIME_COUNTS.get(Long.parseLong(parameters.get("limit")));
    }
    return expected().toString();
  }

  private static Map<String, String> withoutPacing(Map<String, String> parameters) {
    Map<String, String> copy = new java.util.HashMap<>(parameters);
    copy.remove("minStepMillis");
    return copy;
  }

  private JsonNode expected() {
    return UNINTERRUPTED.computeIfAbsent(this, job -> {
      Map<String, Object> result = switch (job.type) {
        // pacing changes how long steps last, not the result: the reference run skips it
        case "pi" -> JobTestKit.runUninterrupted(MonteCarloPiJob::new, withoutPacing(job.parameters)).result();
        case "pagerank" -> JobTestKit.runUninterrupted(PageRankJob::new, job.parameters).result();
        case "lines" -> JobTestKit.runUninterrupted(io.tern.examples.NumberedLinesJob::new, withoutPacing(job.parameters))
            .result();
        default -> throw new IllegalStateException("no reference run for " + job.type);
      };
      return JSON.readTree(JSON.writeValueAsString(result));
    });
  }
}
