package io.tern.scheduler.stream;

import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.limits.OwnerLimits;
import io.tern.scheduler.security.Caller;
import io.tern.scheduler.security.CurrentCaller;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /api/v1/events}: what happened to jobs, across all jobs the caller may see (a submitter
 * sees its own jobs, an operator all of them).
 *
 * <ul>
 *   <li>{@code GET /api/v1/events/stream}: server-sent events, live. Event {@code job} carries a
 *       {@link StreamEvent} (its SSE id is the event id, so a reconnecting browser resumes with
 *       {@code Last-Event-ID}); event {@code workers} (operators only) says the workers changed.
 *   <li>{@code GET /api/v1/events?limit=N}: the newest events, newest first.
 *   <li>{@code GET /api/v1/events/timeline?minutes=M&bucketSeconds=S}: finished jobs and committed
 *       checkpoints per time bucket.
 * </ul>
 */
@RestController
public class EventStreamController {

  /** Largest {@code limit} of {@code GET /api/v1/events}. */
  public static final int MAX_RECENT = 500;

  private final EventFeed feed;
  private final JobEventSource events;
  private final CurrentCaller caller;
  private final Clock clock;
  private final Duration streamTimeout;
  private final OwnerLimits limits;

  public EventStreamController(
      EventFeed feed,
      JobEventSource events,
      CurrentCaller caller,
      Clock clock,
      @Value("${tern.stream.timeout:5m}") Duration streamTimeout,
      OwnerLimits limits) {
    this.limits = limits;
    this.feed = feed;
    this.events = events;
    this.caller = caller;
    this.clock = clock;
    this.streamTimeout = streamTimeout;
  }

  /**
   * The live stream. The connection ends after {@code tern.stream.timeout} (default 5 minutes), or
   * when the API token it was opened with is revoked or expires; browsers reconnect by themselves and
   * the credentials are checked again. A submitter holding {@code maxStreamsPerOwner} streams on this
   * replica gets 429 {@code stream-limit}.
   */
  @GetMapping(path = "/api/v1/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter stream(
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(name = "after", required = false) Long after) {
    Long resumeAfter = after != null ? after : parseId(lastEventId);
    Caller who = caller.get();
    limits.checkStreams(who, feed.subscriberCount(who.owner()));
    return feed.subscribe(who, caller.tokenId().orElse(null), resumeAfter, streamTimeout);
  }

  /** The newest events the caller may see, newest first. */
  @GetMapping("/api/v1/events")
  public List<StreamEvent> recent(@RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > MAX_RECENT) {
      throw new InvalidRequestException("'limit' must be between 1 and " + MAX_RECENT + ", not " + limit + ".");
    }
    return events.recent(caller.get(), limit);
  }

  /** Finished jobs and committed checkpoints per bucket over the last {@code minutes}. */
  @GetMapping("/api/v1/events/timeline")
  public List<TimelineBucket> timeline(
      @RequestParam(defaultValue = "60") int minutes, @RequestParam(defaultValue = "60") int bucketSeconds) {
    if (minutes < 1 || minutes > 7 * 24 * 60) {
      throw new InvalidRequestException("'minutes' must be between 1 and 10080, not " + minutes + ".");
    }
    if (bucketSeconds < 1 || bucketSeconds > 86400 || (minutes * 60L) / bucketSeconds > 2000) {
      throw new InvalidRequestException(
          "'bucketSeconds' must be between 1 and 86400 and give at most 2000 buckets, not " + bucketSeconds + ".");
    }
    return events.timeline(caller.get(), clock.instant().minus(Duration.ofMinutes(minutes)), Duration.ofSeconds(bucketSeconds));
  }

  private static Long parseId(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return null; // a Last-Event-ID we did not issue: start live
    }
  }
}
