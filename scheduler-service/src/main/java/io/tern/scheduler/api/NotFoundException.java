package io.tern.scheduler.api;

import org.springframework.http.HttpStatus;

/** A resource named in a request does not exist (404). */
public class NotFoundException extends ProblemException {

  /** E.g. {@code new NotFoundException("Job", 42)}. */
  public NotFoundException(String kind, Object id) {
    super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", kind + " " + id + " does not exist.");
  }
}
