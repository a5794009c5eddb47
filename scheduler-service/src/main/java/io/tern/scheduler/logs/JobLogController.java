package io.tern.scheduler.logs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.job.JobAccess;
import io.tern.scheduler.limits.OwnerLimits;
import io.tern.scheduler.security.Caller;
import io.tern.scheduler.security.CurrentCaller;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Positive;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/jobs/{id}/logs}: the job's log, one stream across all its attempts in order, with
 * a marker line where each attempt begins and where it ended. Plain text, or with {@code follow=true}
 * server-sent events that go on while the job runs (docs/rest-api.md, "Job logs").
 */
@RestController
@Tag(name = "Job logs", description = "A job's stdout, stderr and ctx.log() lines across all its attempts")
public class JobLogController {

  /** Largest {@code tail}. */
  public static final int MAX_TAIL = 100_000;

  private final JobAccess jobs;
  private final JobLogService logs;
  private final LogFollowers followers;
  private final CurrentCaller caller;
  private final OwnerLimits limits;
  private final Duration streamTimeout;

  public JobLogController(JobAccess jobs, JobLogService logs, LogFollowers followers, CurrentCaller caller,
      OwnerLimits limits, @Value("${tern.stream.timeout:5m}") Duration streamTimeout) {
    this.jobs = jobs;
    this.logs = logs;
    this.followers = followers;
    this.caller = caller;
    this.limits = limits;
    this.streamTimeout = streamTimeout;
  }

  /** The log as plain text, each line {@code <UTC time> <text>}. */
  @Operation(summary = "A job's log as text: all attempts in order, with attempt markers")
  @GetMapping(path = "/api/v1/jobs/{id}/logs", produces = MediaType.TEXT_PLAIN_VALUE)
  public void text(
      @PathVariable @Positive(message = "must be a positive number") long id,
      @Parameter(description = "only this attempt (its number)") @RequestParam(required = false) String attempt,
      @Parameter(description = "only the last N lines (1-100000)") @RequestParam(required = false) String tail,
      @Parameter(description = "only lines at or after this time (ISO-8601, e.g. 2026-12-06T02:14:00Z)")
          @RequestParam(required = false) String since,
      @Parameter(description = "true: server-sent events that go on while the job runs") @RequestParam(required = false) String follow,
      HttpServletResponse response) throws IOException {
    Integer only = attempt(attempt);
    Integer lastN = tail(tail);
    String from = since(since);
    if (follow != null && !"false".equals(follow)) {
      throw new InvalidRequestException("'follow' must be true or false, not '" + follow + "'.");
    }
    Caller who = caller.get();
    jobs.require(id);
    Deque<LogLine> kept = new ArrayDeque<>();
    StringBuilder text = new StringBuilder();
    Consumer<LogLine> sink = line -> {
      if (from != null && line.time().compareTo(from) < 0) {
        return;
      }
      if (lastN != null) {
        kept.addLast(line);
        if (kept.size() > lastN) {
          kept.removeFirst();
        }
      } else {
        text.append(line.text()).append('\n');
      }
    };
    // read before answering, so a storage failure is a 503 problem rather than a cut-off body
    logs.read(id, who.seesAllJobs(), LogPosition.START, only, sink);
    kept.forEach(line -> text.append(line.text()).append('\n'));
    byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(body.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(body);
    }
  }

  /**
   * The log as server-sent events: event {@code marker} or {@code line} per line (data: the line, id:
   * its position), then {@code end} once the job is final and every line was sent. A reconnect with
   * {@code Last-Event-ID} resumes after that line, on any replica. The connection ends after
   * {@code tern.stream.timeout}; the client reconnects.
   */
  @Operation(summary = "Follow a job's log (server-sent events, resumable with Last-Event-ID)")
  @GetMapping(path = "/api/v1/jobs/{id}/logs", params = "follow=true", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter follow(
      @PathVariable @Positive(message = "must be a positive number") long id,
      @RequestParam(required = false) String attempt,
      @RequestParam(required = false) String tail,
      @RequestParam(required = false) String since,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    Integer only = attempt(attempt);
    if (tail != null || since != null) {
      throw new InvalidRequestException("'tail' and 'since' do not go with 'follow=true'; resume with Last-Event-ID.");
    }
    LogPosition after = LogPosition.START;
    if (lastEventId != null && !lastEventId.isBlank()) {
      after = LogPosition.parse(lastEventId).orElseThrow(() -> new InvalidRequestException(
          "'Last-Event-ID' must be the id of a line of this log (such as 2.1024), not '" + lastEventId + "'."));
    }
    Caller who = caller.get();
    jobs.require(id);
    limits.checkStreams(who, followers.count(who.owner()));
    return followers.follow(id, who.owner(), who.seesAllJobs(), after, only, streamTimeout);
  }

  private static Integer attempt(String value) {
    if (value == null) {
      return null;
    }
    Integer n = positive(value);
    if (n == null || n > 999_999) {
      throw new InvalidRequestException("'attempt' must be an attempt number (1-999999), not '" + value + "'.");
    }
    return n;
  }

  private static Integer tail(String value) {
    if (value == null) {
      return null;
    }
    Integer n = positive(value);
    if (n == null || n > MAX_TAIL) {
      throw new InvalidRequestException("'tail' must be between 1 and " + MAX_TAIL + ", not '" + value + "'.");
    }
    return n;
  }

  private static String since(String value) {
    if (value == null) {
      return null;
    }
    try {
      return AttemptMarkers.time(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException("'since' must be an ISO-8601 time such as 2026-12-06T02:14:00Z, not '" + value + "'.");
    }
  }

  private static Integer positive(String value) {
    if (!value.matches("[0-9]{1,9}")) {
      return null;
    }
    int n = Integer.parseInt(value);
    return n >= 1 ? n : null;
  }
}
