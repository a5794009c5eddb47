package io.tern.scheduler.api;

/** The operation does not fit the resource's current state (409), e.g. cancelling a finished job. */
public class StateConflictException extends RuntimeException {

  /** @param detail what state the resource is in and what is possible, for a person */
  public StateConflictException(String detail) {
    super(detail);
  }
}
