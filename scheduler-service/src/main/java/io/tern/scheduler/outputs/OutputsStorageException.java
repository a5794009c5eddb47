package io.tern.scheduler.outputs;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import org.springframework.http.HttpStatus;

/** 503 {@code storage-unavailable}: the job's output files could not be read from storage. */
final class OutputsStorageException extends ProblemException {

  OutputsStorageException(Throwable cause) {
    super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("storage-unavailable"), "Storage unavailable",
        "The job's output files could not be read from object storage; try again.", cause);
  }
}
