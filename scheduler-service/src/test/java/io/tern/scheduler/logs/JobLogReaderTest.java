package io.tern.scheduler.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.image.LogLayout;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLogReaderTest {

  private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");

  /** Segments in memory, as a worker stores them. */
  private final Map<LogLayout.Segment, byte[]> stored = new LinkedHashMap<>();
  private final JobLogReader reader = new JobLogReader(new JobLogReader.Segments() {
    @Override
    public List<LogLayout.Segment> list(long jobId) {
      return stored.keySet().stream().sorted(java.util.Comparator.comparingInt(LogLayout.Segment::attempt)
          .thenComparingLong(LogLayout.Segment::offset)).toList();
    }

    @Override
    public byte[] read(LogLayout.Segment segment) {
      return stored.get(segment);
    }
  });
  private final long[] next = new long[10];

  private void ship(int attempt, String... texts) {
    StringBuilder s = new StringBuilder();
    for (String t : texts) {
      s.append("2026-12-06T02:00:01.000Z ").append(t).append('\n');
    }
    byte[] data = s.toString().getBytes(StandardCharsets.UTF_8);
    stored.put(new LogLayout.Segment(1, attempt, next[attempt], data.length), data);
    next[attempt] += data.length;
  }

  private static AttemptInfo running(int n, Long seq, Long step) {
    return new AttemptInfo(n, "w-" + n, "RUNNING", T0, T0.plusSeconds(n), null, seq, null, step, null);
  }

  private static AttemptInfo ended(int n, String state, String reason, Long seq, Long step) {
    return new AttemptInfo(n, "w-" + n, state, T0, T0.plusSeconds(n), T0.plusSeconds(10 + n), seq, null, step, reason);
  }

  private List<LogLine> read(List<AttemptInfo> attempts, boolean jobFinal, LogPosition after, Integer only, JobLogReader.Progress[] progress)
      throws Exception {
    List<LogLine> lines = new ArrayList<>();
    progress[0] = reader.read(1, attempts, jobFinal, after, only, lines::add);
    return lines;
  }

  private static List<String> texts(List<LogLine> lines) {
    return lines.stream().map(l -> l.text().substring(25)).toList();
  }

  @Test
  void allAttemptsInOrderWithABeginMarkerAndAnEndMarkerThatSaysWhy() throws Exception {
    ship(1, "a1", "a2");
    ship(1, "a3");
    ship(2, "b1");
    JobLogReader.Progress[] p = new JobLogReader.Progress[1];
    List<LogLine> lines = read(List.of(ended(1, "LOST", "worker w-1 stopped heartbeating", null, null),
        ended(2, "SUCCEEDED", null, 4L, 120L)), true, LogPosition.START, null, p);
    assertThat(texts(lines)).containsExactly(
        "=== attempt 1 on worker w-1: fresh start ===", "a1", "a2", "a3",
        "=== attempt 1 ended LOST: worker w-1 stopped heartbeating ===",
        "=== attempt 2 on worker w-2: restored from checkpoint 4 (step 120) ===", "b1",
        "=== attempt 2 ended SUCCEEDED ===");
    assertThat(lines).extracting(l -> l.position().id())
        .containsExactly("1.0", "1.28", "1.56", "1.84", "1.end", "2.0", "2.28", "2.end");
    assertThat(p[0].complete()).isTrue();
  }

  @Test
  void aReadResumedAfterAnyPositionRepeatsNothingAndMissesNothing() throws Exception {
    ship(1, "a1", "a2");
    ship(1, "a3");
    ship(2, "b1");
    List<AttemptInfo> attempts = List.of(ended(1, "KILLED", "vacated", null, null), running(2, 3L, null));
    JobLogReader.Progress[] p = new JobLogReader.Progress[1];
    List<LogLine> all = read(attempts, false, LogPosition.START, null, p);
    assertThat(p[0].complete()).as("attempt 2 runs").isFalse();
    for (int i = 0; i < all.size(); i++) {
      List<LogLine> rest = read(attempts, false, all.get(i).position(), null, p);
      assertThat(rest).as("after " + all.get(i).position().id()).isEqualTo(all.subList(i + 1, all.size()));
    }
    LogPosition last = all.get(all.size() - 1).position();
    ship(2, "b2");
    assertThat(texts(read(attempts, false, last, null, p))).containsExactly("b2");
  }

  @Test
  void aPlacedAttemptWithNothingShippedWaitsAndTheLastAttemptsEndIsShownOnceItEnded() throws Exception {
    JobLogReader.Progress[] p = new JobLogReader.Progress[1];
    AttemptInfo placed = new AttemptInfo(1, null, "PENDING", T0, null, null, null, null, null, null);
    assertThat(read(List.of(placed), false, LogPosition.START, null, p)).isEmpty();
    assertThat(p[0].position()).isEqualTo(LogPosition.START);
    ship(1, "x");
    assertThat(texts(read(List.of(placed), false, LogPosition.START, null, p)))
        .containsExactly("=== attempt 1 on a worker: fresh start ===", "x");
  }

  @Test
  void onlyOneAttemptWhenAsked() throws Exception {
    ship(1, "a1");
    ship(2, "b1");
    JobLogReader.Progress[] p = new JobLogReader.Progress[1];
    assertThat(texts(read(List.of(ended(1, "FAILED", "exit 1", null, null), ended(2, "SUCCEEDED", null, 1L, null)), true,
        LogPosition.START, 2, p))).containsExactly(
            "=== attempt 2 on worker w-2: restored from checkpoint 1 ===", "b1", "=== attempt 2 ended SUCCEEDED ===");
  }

  @Test
  void positionsAreTheirIdsAndOtherTextIsNoPosition() {
    for (LogPosition p : List.of(new LogPosition(3, 0), new LogPosition(3, 1024), LogPosition.endOf(12))) {
      assertThat(LogPosition.parse(p.id())).contains(p);
    }
    assertThat(LogPosition.endOf(1)).isLessThan(new LogPosition(2, 0));
    for (String bad : List.of("", "3", "3.", ".5", "0.5", "3.-1", "3.x", "a.1", "3.1.2", "99999999999.1")) {
      assertThat(LogPosition.parse(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void aMarkerIsOneLineAndSaysWhereTheRestoreCameFrom() {
    AttemptInfo resubmitted = new AttemptInfo(1, null, "RUNNING", T0, T0, null, 7L, 41L, 300L, null);
    assertThat(AttemptMarkers.begin(resubmitted))
        .isEqualTo("2026-12-06T02:00:00.000Z === attempt 1 on a worker: restored from checkpoint 7 of job 41 (step 300) ===");
    AttemptInfo failed = ended(2, "FAILED", "boom\nat line 2\r\n\u0007", null, null);
    assertThat(AttemptMarkers.end(failed)).isEqualTo("2026-12-06T02:00:12.000Z === attempt 2 ended FAILED: boom at line 2 ? ===");
  }
}
