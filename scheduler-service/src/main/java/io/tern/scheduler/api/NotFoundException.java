package io.tern.scheduler.api;

/** A resource named in a request does not exist (404). */
public class NotFoundException extends RuntimeException {

  /** E.g. {@code new NotFoundException("Job", 42)}. */
  public NotFoundException(String kind, Object id) {
    super(kind + " " + id + " does not exist.");
  }
}
