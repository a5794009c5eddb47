package io.tern.scheduler.api;

/** A request is well-formed but its content is not acceptable (400); the message says why. */
public class InvalidRequestException extends RuntimeException {

  /** @param detail what is wrong and how to fix it, for a person */
  public InvalidRequestException(String detail) {
    super(detail);
  }
}
