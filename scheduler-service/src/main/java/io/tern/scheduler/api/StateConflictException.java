package io.tern.scheduler.api;

import org.springframework.http.HttpStatus;

/** The operation does not fit the resource's current state (409), e.g. cancelling a finished job. */
public class StateConflictException extends ProblemException {

  /** @param detail what state the resource is in and what is possible, for a person */
  public StateConflictException(String detail) {
    super(HttpStatus.CONFLICT, ProblemTypes.STATE_CONFLICT, "State conflict", detail);
  }
}
