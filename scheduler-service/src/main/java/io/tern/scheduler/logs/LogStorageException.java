package io.tern.scheduler.logs;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import org.springframework.http.HttpStatus;

/** 503 {@code storage-unavailable}: the job's log could not be read from storage. */
final class LogStorageException extends ProblemException {

  LogStorageException(Throwable cause) {
    super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("storage-unavailable"), "Storage unavailable",
        "The job's log could not be read from object storage; try again.", cause);
  }
}
