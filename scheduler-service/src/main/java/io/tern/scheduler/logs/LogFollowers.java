package io.tern.scheduler.logs;

import jakarta.annotation.PreDestroy;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open {@code follow=true} log streams of this replica. Each polls storage every
 * {@code tern.logs.follow-poll-interval} (default 1 s) for lines after its position and sends each as
 * an SSE event whose id is the line's {@link LogPosition}; it ends with event {@code end} once the job
 * is final and its whole log was sent, after {@code tern.stream.timeout} (the client reconnects with
 * {@code Last-Event-ID}), or when the replica stops.
 */
@Component
public class LogFollowers {

  private static final Logger log = LoggerFactory.getLogger(LogFollowers.class);

  private final JobLogService logs;
  private final Duration pollInterval;
  private final ScheduledExecutorService poller;
  private final Map<Follower, String> open = new ConcurrentHashMap<>();

  public LogFollowers(JobLogService logs, @Value("${tern.logs.follow-poll-interval:1s}") Duration pollInterval) {
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("tern.logs.follow-poll-interval must be positive, got " + pollInterval);
    }
    this.logs = logs;
    this.pollInterval = pollInterval;
    this.poller = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "tern-log-follow");
      t.setDaemon(true);
      return t;
    });
  }

  /** Streams owned by {@code owner} open on this replica. */
  public long count(String owner) {
    return open.values().stream().filter(owner::equals).count();
  }

  /** Opens a stream of job {@code jobId}'s log after {@code after}; the caller has been checked. */
  SseEmitter follow(long jobId, String owner, boolean operator, LogPosition after, Integer only, Duration timeout) {
    SseEmitter emitter = new SseEmitter(timeout.toMillis());
    Follower f = new Follower(jobId, operator, after, only, emitter);
    open.put(f, owner);
    emitter.onCompletion(f::stop);
    emitter.onTimeout(f::stop);
    emitter.onError(e -> f.stop());
    f.task = poller.scheduleWithFixedDelay(f::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    return emitter;
  }

  /**
   * Ends every stream as soon as the replica starts to shut down, so the web server's graceful
   * shutdown does not wait for them (their clients reconnect, to another replica).
   */
  @EventListener(ContextClosedEvent.class)
  void closing() {
    for (Follower f : open.keySet()) {
      f.finish();
    }
  }

  /** Ends every stream left and stops polling. */
  @PreDestroy
  void close() {
    for (Follower f : open.keySet()) {
      f.finish();
    }
    poller.shutdownNow();
  }

  private final class Follower {
    private final long jobId;
    private final boolean operator;
    private final Integer only;
    private final SseEmitter emitter;
    private volatile LogPosition position;
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> task;

    Follower(long jobId, boolean operator, LogPosition after, Integer only, SseEmitter emitter) {
      this.jobId = jobId;
      this.operator = operator;
      this.position = after;
      this.only = only;
      this.emitter = emitter;
    }

    void poll() {
      if (stopped) {
        return;
      }
      try {
        JobLogReader.Progress p = logs.read(jobId, operator, position, only, this::send);
        if (p.complete() && !stopped) {
          emitter.send(SseEmitter.event().name("end").data("{\"position\":\"" + position.id() + "\"}", MediaType.APPLICATION_JSON));
          finish();
        }
      } catch (LineNotSent gone) {
        stop();
      } catch (IOException e) {
        stop();
      } catch (RuntimeException e) {
        log.warn("job {}: following its log failed, the stream ends (the client reconnects): {}", jobId, e.toString());
        finish();
      }
    }

    private void send(LogLine line) {
      if (stopped) {
        throw new LineNotSent();
      }
      try {
        emitter.send(SseEmitter.event().id(line.position().id()).name(line.marker() ? "marker" : "line").data(line.text()));
        position = line.position();
      } catch (IOException | IllegalStateException e) {
        throw new LineNotSent();
      }
    }

    void finish() {
      stop();
      try {
        emitter.complete();
      } catch (IllegalStateException alreadyDone) {
        // the connection was already over
      }
    }

    void stop() {
      stopped = true;
      open.remove(this);
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }
  }

  /** The client went away while lines were being sent. */
  private static final class LineNotSent extends RuntimeException {
    LineNotSent() {
      super(null, null, false, false);
    }
  }
}
