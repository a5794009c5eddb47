package io.tern.scheduler.stream;

import io.tern.scheduler.security.ApiTokenRevoked;
import io.tern.scheduler.security.ApiTokens;
import io.tern.scheduler.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Feeds every open event stream of this scheduler replica from the database: one poller reads the
 * job events written since the last poll (by any replica) and hands each to every subscriber that
 * may see it; a cheaper, slower check tells operators when the workers changed. One query per poll
 * however many dashboards are open. A stream lives no longer than the API token it was opened with:
 * it ends as soon as this replica revokes the token, and within {@code tern.stream.credential-check-interval}
 * when the token expires or another replica revokes it.
 */
@Component
public class EventFeed implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
  /** Largest number of past events replayed to a stream that resumes (Last-Event-ID). */
  static final int MAX_REPLAY = 1000;
  private static final int BATCH = 500;
  /** A burst (say, a bulk import) is caught up at up to BATCH x this many events per poll. */
  private static final int MAX_BATCHES_PER_POLL = 10;

  private final JobEventSource events;
  private final WorkerFingerprint workers;
  private final ApiTokens tokens;
  private final Clock clock;
  private final Duration pollInterval;
  private final Duration workerCheckInterval;
  private final Duration keepAliveInterval;
  private final Duration credentialCheckInterval;
  private final List<StreamSubscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Object cursorLock = new Object();
  private ScheduledExecutorService executor;
  private EventCursor cursor;
  private Integer lastWorkers;
  private long workersVersion;
  private volatile boolean running;

  public EventFeed(
      JobEventSource events,
      WorkerFingerprint workers,
      ApiTokens tokens,
      Clock clock,
      @Value("${tern.stream.poll-interval:500ms}") Duration pollInterval,
      @Value("${tern.stream.worker-check-interval:1s}") Duration workerCheckInterval,
      @Value("${tern.stream.keep-alive-interval:20s}") Duration keepAliveInterval,
      @Value("${tern.stream.credential-check-interval:5s}") Duration credentialCheckInterval) {
    this.events = events;
    this.workers = workers;
    this.tokens = tokens;
    this.credentialCheckInterval = credentialCheckInterval;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.workerCheckInterval = workerCheckInterval;
    this.keepAliveInterval = keepAliveInterval;
  }

  /**
   * Opens a stream for {@code caller}, who sent the API token {@code tokenId} (null for a JWT). When
   * {@code lastEventId} is given (a browser reconnecting), the events after it that the caller missed
   * are replayed first (at most {@link #MAX_REPLAY}).
   */
  public SseEmitter subscribe(Caller caller, Long tokenId, Long lastEventId, Duration timeout) {
    SseEmitter emitter = new SseEmitter(timeout.toMillis());
    StreamSubscriber subscriber = new StreamSubscriber(emitter, caller, tokenId);
    emitter.onCompletion(() -> remove(subscriber));
    emitter.onTimeout(() -> remove(subscriber));
    emitter.onError(e -> remove(subscriber));
    long upTo;
    synchronized (cursorLock) {
      upTo = cursor == null ? events.latestId() : cursor.last();
      subscribers.add(subscriber);
    }
    subscriber.keepAlive(); // flushes the headers: the browser sees the stream open at once
    if (lastEventId != null && lastEventId < upTo) {
      long from = Math.max(lastEventId, upTo - MAX_REPLAY);
      for (StreamEvent e : events.between(from, upTo, MAX_REPLAY)) {
        if (!subscriber.job(e)) {
          break;
        }
      }
    }
    return emitter;
  }

  /** Number of open streams of {@code owner} on this replica. */
  public long subscriberCount(String owner) {
    return subscribers.stream().filter(s -> s.owner().equals(owner)).count();
  }

  /** Number of open streams on this replica. */
  public int subscriberCount() {
    return subscribers.size();
  }

  private void remove(StreamSubscriber subscriber) {
    subscriber.close();
    subscribers.remove(subscriber);
  }

  void pollEvents() {
    try {
      List<StreamEvent> fresh = new ArrayList<>();
      synchronized (cursorLock) {
        if (cursor == null) {
          cursor = new EventCursor(events.latestId(), Duration.ofSeconds(30), 1000);
          return;
        }
        Set<Long> gaps = cursor.openGaps(clock.instant());
        List<StreamEvent> read = new ArrayList<>(events.withIds(gaps));
        long from = cursor.last();
        for (int batch = 0; batch < MAX_BATCHES_PER_POLL; batch++) {
          List<StreamEvent> page = events.after(from, BATCH);
          read.addAll(page);
          if (page.size() < BATCH) {
            break;
          }
          from = page.get(page.size() - 1).id();
        }
        if (read.isEmpty() && events.latestId() < cursor.last()) {
          // the table was emptied and its ids restarted (a test reset, a restored backup): start over
          cursor = new EventCursor(0, Duration.ofSeconds(30), 1000);
          read.addAll(events.after(0, BATCH));
        }
        Set<Long> accepted = Set.copyOf(cursor.accept(read.stream().map(StreamEvent::id).toList(), clock.instant()));
        read.stream().filter(e -> accepted.contains(e.id())).sorted((a, b) -> Long.compare(a.id(), b.id())).forEach(fresh::add);
      }
      for (StreamEvent e : fresh) {
        for (StreamSubscriber s : subscribers) {
          if (!s.job(e)) {
            remove(s);
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("Reading job events for the live stream failed (retrying): {}", e.toString());
    }
  }

  void checkWorkers() {
    try {
      int now = workers.current();
      if (lastWorkers != null && lastWorkers == now) {
        return;
      }
      lastWorkers = now;
      workersVersion++;
      for (StreamSubscriber s : subscribers) {
        if (!s.workersChanged(workersVersion)) {
          remove(s);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Reading workers for the live stream failed (retrying): {}", e.toString());
    }
  }

  /** Ends at once the streams opened with a token this replica just revoked. */
  @TransactionalEventListener(fallbackExecution = true)
  void tokenRevoked(ApiTokenRevoked revoked) {
    for (StreamSubscriber s : subscribers) {
      if (Objects.equals(s.tokenId(), revoked.tokenId())) {
        end(s);
      }
    }
  }

  /** Ends the streams whose token expired or was revoked (by any replica): one query per token. */
  void checkCredentials() {
    try {
      Set<Long> invalid = new HashSet<>();
      Set<Long> checked = new HashSet<>();
      for (StreamSubscriber s : subscribers) {
        Long id = s.tokenId();
        if (id != null && checked.add(id) && !tokens.isValid(id)) {
          invalid.add(id);
        }
      }
      for (StreamSubscriber s : subscribers) {
        if (s.tokenId() != null && invalid.contains(s.tokenId())) {
          end(s);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Checking the tokens of open streams failed (retrying): {}", e.toString());
    }
  }

  private void end(StreamSubscriber subscriber) {
    subscribers.remove(subscriber);
    subscriber.complete();
  }

  void keepAlive() {
    for (StreamSubscriber s : subscribers) {
      if (!s.keepAlive()) {
        remove(s);
      }
    }
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tern-event-feed");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::pollEvents, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(this::checkWorkers, 0, workerCheckInterval.toMillis(), TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(this::keepAlive, keepAliveInterval.toMillis(), keepAliveInterval.toMillis(), TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(this::checkCredentials, credentialCheckInterval.toMillis(),
        credentialCheckInterval.toMillis(), TimeUnit.MILLISECONDS);
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    if (executor != null) {
      executor.shutdownNow();
    }
    for (StreamSubscriber s : subscribers) {
      s.complete();
      subscribers.remove(s);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Starts after the database (Flyway) is ready, stops before it goes. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1000;
  }
}
