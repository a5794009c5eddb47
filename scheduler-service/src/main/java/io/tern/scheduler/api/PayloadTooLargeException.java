package io.tern.scheduler.api;

import java.io.IOException;

/**
 * A request body grew past the scheduler's limit while being read (413). An {@link IOException},
 * since it is thrown from the body's input stream; {@link ProblemHandler} finds it among the causes
 * of whatever the reader wrapped it in.
 */
public final class PayloadTooLargeException extends IOException {

  /** @param maxBytes the limit that was passed */
  public PayloadTooLargeException(long maxBytes) {
    super(detail(maxBytes));
  }

  /** The problem's detail for a body larger than {@code maxBytes}. */
  public static String detail(long maxBytes) {
    return "The request body is larger than " + maxBytes + " bytes, the most this scheduler accepts.";
  }
}
