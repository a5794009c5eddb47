package io.tern.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.testsupport.TernClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * What must hold after any fault, checked through the public REST API only:
 *
 * <ol>
 *   <li>every accepted job reaches COMPLETED (none is left QUEUED, RUNNING or CANCELLING) with the
 *       known correct result, and its event log says COMPLETED exactly once;</li>
 *   <li>exactly one attempt of each job SUCCEEDED, and no attempt is left PENDING or RUNNING;</li>
 *   <li>no checkpoint was recorded from a stale attempt: every COMMITTED checkpoint was committed
 *       while the attempt that wrote it was still running (before that attempt ended), and no
 *       checkpoint is left PENDING;</li>
 *   <li>every restore point handed to an attempt is a checkpoint that was COMMITTED, by an earlier
 *       attempt of the same job, before the attempt was placed (retention may have deleted it since).</li>
 * </ol>
 */
final class Invariants {

  private static final Set<String> FINAL_JOB_STATES = Set.of("COMPLETED", "FAILED", "CANCELLED");

  private Invariants() {}

  /** Waits up to {@code timeout} for every job to end, then checks every invariant for each. */
  static void assertAllCompletedCorrectly(TernClient api, Map<Long, TestJob> jobs, Duration timeout) {
    await("every job reaches a final state").atMost(timeout).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(() -> jobs.keySet().stream().allMatch(id -> FINAL_JOB_STATES.contains(api.state(id))));
    List<String> violations = new ArrayList<>();
    jobs.forEach((id, job) -> violations.addAll(violationsOf(api, id, job)));
    assertThat(violations).as("invariant violations").isEmpty();
  }

  /** The broken invariants of one job, each as a sentence; empty when all hold. */
  static List<String> violationsOf(TernClient api, long id, TestJob expected) {
    List<String> out = new ArrayList<>();
    JsonNode job = api.job(id);
    String state = job.path("state").asString();
    if (!state.equals("COMPLETED")) {
      out.add("job " + id + " is " + state + ", not COMPLETED (error: " + job.path("error").asString() + ")");
    } else if (!expected.isCorrect(job.path("result"))) {
      out.add("job " + id + " completed with " + job.path("result") + ", expected " + expected.describeExpected());
    }

    List<JsonNode> events = api.events(id);
    long completedEvents = events.stream().filter(e -> "COMPLETED".equals(e.path("type").asString())).count();
    if (completedEvents != 1) {
      out.add("job " + id + " has " + completedEvents + " COMPLETED events");
    }

    List<JsonNode> attempts = api.attempts(id);
    long succeeded = attempts.stream().filter(a -> "SUCCEEDED".equals(a.path("state").asString())).count();
    if (succeeded != 1) {
      out.add("job " + id + " has " + succeeded + " SUCCEEDED attempts");
    }
    attempts.stream().filter(a -> Set.of("PENDING", "RUNNING").contains(a.path("state").asString()))
        .forEach(a -> out.add("job " + id + " attempt " + a.path("number").asInt() + " is still " + a.path("state").asString()));
    Map<Integer, JsonNode> attemptByNumber =
        attempts.stream().collect(Collectors.toMap(a -> a.path("number").asInt(), a -> a, (a, b) -> a));

    List<JsonNode> checkpoints = api.checkpoints(id);
    // committed at some time: retention may have DELETED it since, or a restore found it CORRUPT
    Map<Long, JsonNode> committed = checkpoints.stream()
        .filter(c -> c.path("committedAt").isString())
        .collect(Collectors.toMap(c -> c.path("seq").asLong(), c -> c));
    for (JsonNode c : checkpoints) {
      String cState = c.path("state").asString();
      if (cState.equals("PENDING")) {
        out.add("job " + id + " checkpoint " + c.path("seq").asLong() + " is left PENDING");
      }
      if (!cState.equals("COMMITTED")) {
        continue;
      }
      JsonNode writer = attemptByNumber.get(c.path("attempt").asInt());
      if (writer == null) {
        out.add("job " + id + " checkpoint " + c.path("seq").asLong() + " names an unknown attempt " + c.path("attempt"));
        continue;
      }
      if (!writer.path("endedAt").isNull() && !writer.path("endedAt").isMissingNode()) {
        Instant ended = Instant.parse(writer.path("endedAt").asString());
        Instant committedAt = Instant.parse(c.path("committedAt").asString());
        if (committedAt.isAfter(ended)) {
          out.add("job " + id + " checkpoint " + c.path("seq").asLong() + " was committed at " + committedAt
              + " after its attempt " + writer.path("number").asInt() + " ended " + writer.path("state").asString()
              + " at " + ended + " (a stale commit was recorded)");
        }
      }
    }
    for (JsonNode a : attempts) {
      JsonNode restore = a.path("restoreFromSeq");
      if (restore.isNull() || restore.isMissingNode()) {
        continue;
      }
      JsonNode from = committed.get(restore.asLong());
      if (from == null) {
        out.add("job " + id + " attempt " + a.path("number").asInt() + " was told to restore from checkpoint "
            + restore.asLong() + ", which was never committed");
      } else if (Instant.parse(from.path("committedAt").asString()).isAfter(Instant.parse(a.path("placedAt").asString()))) {
        out.add("job " + id + " attempt " + a.path("number").asInt() + " was told to restore from checkpoint "
            + restore.asLong() + ", committed only after the attempt was placed");
      } else if (from.path("attempt").asInt() >= a.path("number").asInt()) {
        out.add("job " + id + " attempt " + a.path("number").asInt() + " restores from checkpoint " + restore.asLong()
            + " of a later attempt");
      }
    }
    return out;
  }
}
