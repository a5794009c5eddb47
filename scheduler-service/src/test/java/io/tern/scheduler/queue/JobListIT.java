package io.tern.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/jobs} filtering, sorting and paging over real HTTP against a real PostgreSQL.
 * Jobs are written straight into the tables so that every field has chosen values, with many ties;
 * no worker is ACTIVE, so the scheduler leaves them as they are.
 */
@SchedulerIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobListIT {

  private static final AtomicInteger TOKENS = new AtomicInteger();
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  TernClient admin;
  Tables tables;
  /** The jobs of {@link #manyJobsWithTies()} while they are the only ones in the table, else null. */
  List<Row> sharedRows;

  @BeforeEach
  void setUp() {
    admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    tables = new Tables(jdbc);
  }

  /** Starts from empty tables. */
  private void clear() {
    tables.clear();
    sharedRows = null;
  }

  /** The read-only tests share one data set: inserted by the first, reused by the others. */
  private List<Row> sharedJobsWithTies() {
    if (sharedRows == null) {
      clear();
      sharedRows = manyJobsWithTies();
    }
    return sharedRows;
  }

  @Test
  void ownerNameAndStateFiltersCombineAndTheTotalCountsOnlyMatchingJobs() {
    clear();
    List<Row> rows = new ArrayList<>();
    rows.add(insert(job("alice", "Nightly-ETL", "COMPLETED")));
    rows.add(insert(job("alice", "nightly_backup", "QUEUED")));
    rows.add(insert(job("alice", "NIGHTLY report", "COMPLETED")));
    rows.add(insert(job("bob", "nightly-etl", "COMPLETED")));
    rows.add(insert(job("alice", "weekly", "COMPLETED")));
    rows.add(insert(job("alicea", "nightly", "COMPLETED")));
    for (int i = 0; i < 12; i++) {
      rows.add(insert(job("alice", "nightly run " + i, i % 2 == 0 ? "COMPLETED" : "FAILED")));
    }

    List<Long> expected = idsNewestFirst(rows,
        r -> r.owner().equals("alice") && r.name().toLowerCase().contains("nightly") && r.state().equals("COMPLETED"));
    assertThat(expected).hasSize(8);

    Response first = admin.get("/api/v1/jobs?owner=alice&name=NiGhTlY&state=completed&size=5");
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(first.body().path("totalItems").asLong()).isEqualTo(8);
    assertThat(first.body().path("totalPages").asInt()).isEqualTo(2);
    Response second = admin.get("/api/v1/jobs?owner=alice&name=NiGhTlY&state=completed&size=5&page=1");
    assertThat(second.body().path("totalItems").asLong()).isEqualTo(8);
    List<Long> seen = new ArrayList<>(ids(first));
    seen.addAll(ids(second));
    assertThat(seen).containsExactlyElementsOf(expected);

    // owner is an exact match: neither a prefix nor a case variant of it
    assertThat(ids(admin.get("/api/v1/jobs?owner=ALICE"))).isEmpty();
    assertThat(ids(admin.get("/api/v1/jobs?owner=alicea"))).containsExactly(rows.get(5).id());
  }

  @Test
  void nameWildcardsAreTakenLiterally() {
    clear();
    Row underscore = insert(job("alice", "pi_run", "QUEUED"));
    insert(job("alice", "pixrun", "QUEUED"));
    Row percent = insert(job("alice", "load 100% cpu", "QUEUED"));
    insert(job("alice", "load 1000 cpu", "QUEUED"));
    Row backslash = insert(job("alice", "dir\\file", "QUEUED"));

    assertThat(ids(admin.get("/api/v1/jobs?name=" + encode("pi_")))).containsExactly(underscore.id());
    assertThat(ids(admin.get("/api/v1/jobs?name=" + encode("100%")))).containsExactly(percent.id());
    assertThat(ids(admin.get("/api/v1/jobs?name=" + encode("r\\f")))).containsExactly(backslash.id());
    assertThat(admin.get("/api/v1/jobs?name=" + encode("%")).body().path("totalItems").asLong()).isEqualTo(1);
  }

  static Stream<Arguments> sortFields() {
    return Stream.of(JobSortField.values())
        .flatMap(f -> Stream.of(Arguments.of(f.apiName(), "asc"), Arguments.of(f.apiName(), "desc")));
  }

  @ParameterizedTest(name = "sort={0},{1}")
  @MethodSource("sortFields")
  void everySortFieldPagesInOneStableOrderWithoutRepeatsOrGaps(String field, String direction) {
    List<Row> rows = sharedJobsWithTies();
    List<Long> expected = rows.stream().sorted(expectedOrder(field, direction.equals("asc"))).map(Row::id).toList();

    List<Long> seen = new ArrayList<>();
    int pages = 0;
    for (int page = 0; ; page++) {
      Response r = admin.get("/api/v1/jobs?sort=" + field + "," + direction + "&size=7&page=" + page);
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      assertThat(r.body().path("totalItems").asLong()).isEqualTo(rows.size());
      pages = r.body().path("totalPages").asInt();
      List<Long> ids = ids(r);
      if (ids.isEmpty()) {
        break;
      }
      seen.addAll(ids);
    }
    assertThat(pages).isEqualTo((rows.size() + 6) / 7);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(expected);

    // asking again gives the same order: ties are always broken the same way
    Response again = admin.get("/api/v1/jobs?sort=" + field + "," + direction + "&size=500");
    assertThat(ids(again)).containsExactlyElementsOf(expected);
  }

  @Test
  void theDefaultOrderIsNewestFirstAndSortCombinesWithFilters() {
    List<Row> rows = sharedJobsWithTies();
    List<Long> newestFirst = idsNewestFirst(rows, r -> true);
    assertThat(ids(admin.get("/api/v1/jobs?size=500"))).containsExactlyElementsOf(newestFirst);

    List<Long> bobsCompletedByPriority = rows.stream()
        .filter(r -> r.owner().equals("bob") && r.state().equals("COMPLETED"))
        .sorted(expectedOrder("priority", false))
        .map(Row::id)
        .toList();
    Response r = admin.get("/api/v1/jobs?owner=bob&state=COMPLETED&sort=priority,desc&size=500");
    assertThat(r.body().path("totalItems").asLong()).isEqualTo(bobsCompletedByPriority.size());
    assertThat(ids(r)).containsExactlyElementsOf(bobsCompletedByPriority);
  }

  @Test
  void aSubmitterSeesOnlyItsOwnJobsWhateverOwnerItAsksFor() {
    List<Row> rows = sharedJobsWithTies();
    TernClient alice = new TernClient(port).withBearer(token("alice", "SUBMITTER"));
    TernClient operator = new TernClient(port).withBearer(token("ops", "OPERATOR"));
    List<Long> alicesJobs = idsNewestFirst(rows, r -> r.owner().equals("alice"));
    List<Long> bobsJobs = idsNewestFirst(rows, r -> r.owner().equals("bob"));

    Response own = alice.get("/api/v1/jobs?size=500");
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    assertThat(ids(own)).containsExactlyElementsOf(alicesJobs);
    assertThat(own.body().path("totalItems").asLong()).isEqualTo(alicesJobs.size());
    assertThat(ids(alice.get("/api/v1/jobs?owner=alice&size=500"))).containsExactlyElementsOf(alicesJobs);

    Response foreign = alice.get("/api/v1/jobs?owner=bob&size=500");
    assertThat(foreign.status()).isEqualTo(200);
    assertThat(ids(foreign)).isEmpty();
    assertThat(foreign.body().path("totalItems").asLong()).isZero();
    assertThat(foreign.body().path("totalPages").asInt()).isZero();

    Response sortedByOwner = alice.get("/api/v1/jobs?sort=owner,desc&state=COMPLETED&size=500");
    assertThat(ids(sortedByOwner))
        .containsExactlyElementsOf(idsNewestFirst(rows, r -> r.owner().equals("alice") && r.state().equals("COMPLETED")));

    assertThat(ids(operator.get("/api/v1/jobs?owner=bob&size=500"))).containsExactlyElementsOf(bobsJobs);
  }

  static Stream<Arguments> badParameters() {
    String tooLong = "x".repeat(201);
    return Stream.of(
        Arguments.of("sort=colour,asc", "'sort' field 'colour' is unknown. Use one of id, name, owner, state, type,"
            + " priority, progress, worker, submittedAt, startedAt, finishedAt."),
        Arguments.of("sort=name,up", "'sort' direction 'up' is unknown. Use one of asc, desc."),
        Arguments.of("sort=name,asc,id", "'sort' must be one <field>,<asc|desc>"),
        Arguments.of("sort=name,asc&sort=id,desc", "'sort' must be one <field>,<asc|desc>"),
        Arguments.of("name=" + tooLong, "'name' must be at most 200 characters, not 201."),
        Arguments.of("owner=" + tooLong, "'owner' must be at most 200 characters, not 201."),
        Arguments.of("state=SLEEPING", "Unknown state 'SLEEPING'. Use one of [QUEUED, RUNNING, CANCELLING, HELD,"
            + " COMPLETED, FAILED, CANCELLED]."),
        Arguments.of("size=501", "'size' must be between 1 and 500, not 501."),
        Arguments.of("size=0", "'size' must be between 1 and 500, not 0."),
        Arguments.of("page=-1", "'page' must be 0 or more, not -1."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badParameters")
  void badParametersAnswer400ProblemsNamingTheParameterAndChangeNothing(String query, String detail) {
    sharedJobsWithTies();
    String before = tables.fingerprint();

    Response r = admin.get("/api/v1/jobs?" + query);

    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemType()).isEqualTo("invalid-request");
    assertThat(r.body().path("detail").asString()).contains(detail);
    assertThat(r.raw()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(tables.fingerprint()).isEqualTo(before);
  }

  @Test
  void theListingIsDocumentedInOpenApi() {
    JsonNode parameters = admin.get("/v3/api-docs").body().path("paths").path("/api/v1/jobs").path("get").path("parameters");
    Set<String> names = new HashSet<>();
    parameters.forEach(p -> names.add(p.path("name").asString()));
    assertThat(names).contains("state", "owner", "name", "sort", "page", "size");
  }

  // ---- data

  /** A job as inserted; the fields the list can sort and filter by. */
  record Row(long id, String owner, String name, String state, String type, int priority, Double progress,
      String worker, Instant submittedAt, Instant startedAt, Instant finishedAt) {}

  private static Row job(String owner, String name, String state) {
    return new Row(0, owner, name, state, "pi", 0, null, null, T0, null, null);
  }

  /**
   * 40 jobs over three owners with many equal names, types, priorities, progresses, workers and times
   * (and empty ones), so every sort needs the id tiebreak. Text values are lower-case letters only, so
   * they sort the same under any collation.
   */
  private List<Row> manyJobsWithTies() {
    String[] owners = {"alice", "bob", "carol"};
    String[] names = {"delta", "alpha", "charlie", "bravo"};
    String[] states = {"COMPLETED", "QUEUED", "FAILED", "HELD", "CANCELLED"};
    String[] types = {"pi", null, "primes"};
    String[] workers = {"wb", "wa", null};
    long wa = insertWorker("wa");
    long wb = insertWorker("wb");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String state = states[i % states.length];
      boolean ended = state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
      boolean ran = ended && i % 4 != 0;
      String worker = ran ? workers[i % workers.length] : null;
      Row row = insert(new Row(0, owners[i % 3], names[(i / 3) % names.length], state, types[(i / 2) % types.length],
          (i * 7) % 3 * 5, i % 5 == 0 ? null : (i % 4) / 4.0, worker,
          T0.plusSeconds((i * 11) % 4 * 60), ran ? T0.plusSeconds(300 + (i % 3) * 60) : null,
          ended ? T0.plusSeconds(900 + (i % 2) * 60) : null));
      if (worker != null) {
        attach(row.id(), worker.equals("wa") ? wa : wb);
      }
      rows.add(row);
    }
    return rows;
  }

  private Row insert(Row r) {
    Long id = jdbc.queryForObject(
        "INSERT INTO jobs (owner, name, type, entry_class, slots, memory_mb, checkpoint_interval_seconds, max_retries,"
            + " priority, state, progress, submitted_at, started_at, finished_at)"
            + " VALUES (?, ?, ?, 'io.tern.examples.MonteCarloPiJob', 1, 256, 30, 3, ?, ?, ?, ?, ?, ?) RETURNING id",
        Long.class, r.owner(), r.name(), r.type(), r.priority(), r.state(), r.progress(), ts(r.submittedAt()),
        ts(r.startedAt()), ts(r.finishedAt()));
    return new Row(id, r.owner(), r.name(), r.state(), r.type(), r.priority(), r.progress(), r.worker(),
        r.submittedAt(), r.startedAt(), r.finishedAt());
  }

  /** A worker that is LOST, so the placement loop never uses it. */
  private long insertWorker(String name) {
    return jdbc.queryForObject(
        "INSERT INTO workers (name, state, slots, memory_mb, registered_at, last_seen_at)"
            + " VALUES (?, 'LOST', 2, 4096, ?, ?) RETURNING id",
        Long.class, name, ts(T0), ts(T0));
  }

  /** Gives the (ended) job a finished current attempt on {@code workerId}. */
  private void attach(long jobId, long workerId) {
    Long attempt = jdbc.queryForObject(
        "INSERT INTO attempts (job_id, number, worker_id, state, desired, slots, memory_mb, placed_at, ended_at)"
            + " VALUES (?, 1, ?, 'SUCCEEDED', 'RUN', 1, 256, ?, ?) RETURNING id",
        Long.class, jobId, workerId, ts(T0), ts(T0));
    jdbc.update("UPDATE jobs SET current_attempt_id = ?, attempt_count = 1 WHERE id = ?", attempt, jobId);
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  // ---- expectations

  /** The documented order: the field (an empty value is the smallest), then id, both in the same direction. */
  private static Comparator<Row> expectedOrder(String field, boolean ascending) {
    Function<Row, Comparable<?>> key = switch (field) {
      case "id" -> Row::id;
      case "name" -> Row::name;
      case "owner" -> Row::owner;
      case "state" -> Row::state;
      case "type" -> Row::type;
      case "priority" -> Row::priority;
      case "progress" -> Row::progress;
      case "worker" -> Row::worker;
      case "submittedAt" -> Row::submittedAt;
      case "startedAt" -> Row::startedAt;
      case "finishedAt" -> Row::finishedAt;
      default -> throw new IllegalArgumentException(field);
    };
    @SuppressWarnings({"unchecked", "rawtypes"})
    Comparator<Row> byField = Comparator.comparing(r -> (Comparable) key.apply(r), Comparator.nullsFirst(Comparator.naturalOrder()));
    Comparator<Row> order = byField.thenComparing(Row::id);
    return ascending ? order : order.reversed();
  }

  private static List<Long> idsNewestFirst(List<Row> rows, Predicate<Row> filter) {
    return rows.stream().filter(filter).map(Row::id).sorted(Comparator.reverseOrder()).toList();
  }

  private static List<Long> ids(Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    r.body().path("items").forEach(j -> ids.add(j.path("id").asLong()));
    return ids;
  }

  private String token(String owner, String role) {
    Response r = admin.post("/api/v1/tokens", "{\"name\": \"list-" + owner + "-" + TOKENS.incrementAndGet()
        + "\", \"role\": \"" + role + "\", \"owner\": \"" + owner + "\"}");
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("token").asString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
