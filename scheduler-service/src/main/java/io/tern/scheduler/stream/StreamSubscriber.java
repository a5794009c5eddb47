package io.tern.scheduler.stream;

import io.tern.scheduler.security.Caller;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open event stream: an SSE connection and the caller it belongs to. Events of jobs the caller
 * may not see are never written to it; worker changes only reach operators.
 */
final class StreamSubscriber {

  private final SseEmitter emitter;
  private final Caller caller;
  private final Long tokenId;
  private volatile boolean open = true;

  /** @param tokenId the API token the stream was opened with; null for a JWT */
  StreamSubscriber(SseEmitter emitter, Caller caller, Long tokenId) {
    this.emitter = emitter;
    this.caller = caller;
    this.tokenId = tokenId;
  }

  /** The API token the stream was opened with, or null. */
  Long tokenId() {
    return tokenId;
  }

  /** The owner whose stream this is. */
  String owner() {
    return caller.owner();
  }

  boolean isOpen() {
    return open;
  }

  void close() {
    open = false;
  }

  /**
   * Ends the HTTP response: the scheduler is stopping (a browser reconnects to another replica), or
   * the stream's token is no longer valid (a reconnect is refused).
   */
  void complete() {
    open = false;
    try {
      emitter.complete();
    } catch (IllegalStateException alreadyDone) {
      // the connection was already over
    }
  }

  /** Sends a job event if the caller may see its job; false when the connection is gone. */
  boolean job(StreamEvent event) {
    if (!caller.maySee(event.owner())) {
      return open;
    }
    StreamEvent shown = caller.seesAllJobs() ? event : event.withoutWorker();
    return send(SseEmitter.event().id(Long.toString(event.id())).name("job").data(shown, MediaType.APPLICATION_JSON));
  }

  /** Tells an operator that the workers changed; false when the connection is gone. */
  boolean workersChanged(long version) {
    if (!caller.seesAllJobs()) {
      return open;
    }
    return send(SseEmitter.event().name("workers").data("{\"version\":" + version + "}", MediaType.APPLICATION_JSON));
  }

  /** A comment line that keeps proxies from closing an idle connection; false when it is gone. */
  boolean keepAlive() {
    return send(SseEmitter.event().comment("keep-alive"));
  }

  private synchronized boolean send(SseEmitter.SseEventBuilder event) {
    if (!open) {
      return false;
    }
    try {
      emitter.send(event);
      return true;
    } catch (IOException | IllegalStateException e) {
      open = false; // the client went away; the container completes the response
      return false;
    }
  }
}
