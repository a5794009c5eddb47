package io.tern.scheduler.api;

import org.springframework.http.HttpStatus;

/** A request is well-formed but its content is not acceptable (400); the message says why. */
public class InvalidRequestException extends ProblemException {

  /** @param detail what is wrong and how to fix it, for a person */
  public InvalidRequestException(String detail) {
    super(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
  }
}
