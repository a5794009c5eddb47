package io.tern.scheduler.api;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error a request can cause, carrying its own RFC 9457 problem: status, {@code type} and title.
 * Each feature declares its exceptions as subclasses, so {@link ProblemHandler} answers them
 * without knowing any feature. The message is the problem's {@code detail}: what is wrong, for a
 * person.
 */
public abstract class ProblemException extends RuntimeException {

  private final HttpStatus status;
  private final URI type;
  private final String title;
  private final Map<String, String> headers;

  protected ProblemException(HttpStatus status, URI type, String title, String detail) {
    this(status, type, title, detail, null);
  }

  protected ProblemException(HttpStatus status, URI type, String title, String detail, Throwable cause) {
    this(status, type, title, detail, cause, Map.of());
  }

  /** A problem answered with extra response headers (such as {@code Retry-After}). */
  protected ProblemException(
      HttpStatus status, URI type, String title, String detail, Throwable cause, Map<String, String> headers) {
    super(detail, cause);
    this.status = status;
    this.type = type;
    this.title = title;
    this.headers = Map.copyOf(headers);
  }

  /** The HTTP status of the answer. */
  public HttpStatus status() {
    return status;
  }

  /** The problem's {@code type} URI (see {@link ProblemTypes}). */
  public URI type() {
    return type;
  }

  /** The problem's short, fixed title. */
  public String title() {
    return title;
  }

  /** Response headers the answer carries besides the problem. */
  public Map<String, String> headers() {
    return headers;
  }
}
