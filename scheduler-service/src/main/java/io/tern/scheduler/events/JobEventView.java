package io.tern.scheduler.events;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An entry of a job's event log as the REST API shows it. */
public record JobEventView(
    long id, JobEventType type, String message, Integer attempt, String worker, Instant at) {

  /** The event as a submitter sees it: without the worker's name, in its field or its message. */
  public JobEventView withoutWorker() {
    return new JobEventView(id, type, hideWorker(message, worker), attempt, null, at);
  }

  /** {@code message} with each mention of worker {@code worker} ("worker w-1") replaced by "a worker". */
  public static String hideWorker(String message, String worker) {
    if (message == null || worker == null || worker.isEmpty()) {
      return message;
    }
    return Pattern.compile("(?i)\\bworker " + Pattern.quote(worker) + "(?![\\w.-])")
        .matcher(message).replaceAll(Matcher.quoteReplacement("a worker"));
  }
}
