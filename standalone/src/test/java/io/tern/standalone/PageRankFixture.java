package io.tern.standalone;

import io.tern.examples.PageRankJob;
import io.tern.sdk.testkit.JobTestKit;
import io.tern.testsupport.JobRequest;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A PageRank job long enough to be still running when its system is stopped after its first
 * checkpoint (about 10 s of work on two quiet cores, sandboxed; two 8 MB rank arrays in its image),
 * whose correct result is what an uninterrupted in-process run of the same job gives.
 */
final class PageRankFixture {

  static final Map<String, String> PARAMS =
      Map.of("nodes", "1000000", "outDegree", "8", "iterations", "96", "nodesPerStep", "100000", "seed", "7");

  private static JsonNode expected;

  private PageRankFixture() {}

  static JobRequest request(String name, int checkpointIntervalSeconds) {
    return JobRequest.ofType("pagerank").name(name).parameters(PARAMS).memoryMb(256)
        .checkpointIntervalSeconds(checkpointIntervalSeconds);
  }

  /** The result of an uninterrupted run, as the REST API shows results (JSON). */
  static synchronized JsonNode expectedResult() {
    if (expected == null) {
      Map<String, Object> result = JobTestKit.runUninterrupted(PageRankJob::new, PARAMS).result();
      JsonMapper json = JsonMapper.builder().build();
      expected = json.readTree(json.writeValueAsString(result));
    }
    return expected;
  }
}
