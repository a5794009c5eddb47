package io.tern.scheduler.api;

import java.net.URI;

/**
 * The {@code type} URIs of the problem details (RFC 9457) this service answers with. Relative URIs,
 * resolved against the API's own address; clients match on the last path segment.
 */
public final class ProblemTypes {

  private ProblemTypes() {}

  /** A request body or parameter is invalid (see {@code detail} and {@code errors}). */
  public static final URI INVALID_REQUEST = of("invalid-request");
  /** The body is not valid JSON, or has unknown fields or wrongly typed values. */
  public static final URI MALFORMED_REQUEST = of("malformed-request");
  /** A job, worker or checkpoint named in the path does not exist. */
  public static final URI NOT_FOUND = of("not-found");
  /** The operation does not fit the current state of the resource. */
  public static final URI STATE_CONFLICT = of("state-conflict");
  /** Another request changed the same resource at the same time; retry. */
  public static final URI CONCURRENT_UPDATE = of("concurrent-update");
  /** No valid credentials were sent (401). */
  public static final URI UNAUTHENTICATED = of("unauthenticated");
  /** The credentials are valid but do not allow this request (403). */
  public static final URI FORBIDDEN = of("forbidden");
  /** The request body is larger than the scheduler accepts (413). */
  public static final URI PAYLOAD_TOO_LARGE = of("payload-too-large");
  /** Anything else; details are in the scheduler log only. */
  public static final URI INTERNAL_ERROR = of("internal-error");

  /** The type URI named {@code slug}, for a feature's own problem types. */
  public static URI of(String slug) {
    return URI.create("/problems/" + slug);
  }
}
