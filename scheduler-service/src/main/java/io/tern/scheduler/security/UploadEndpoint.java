package io.tern.scheduler.security;

import java.util.List;
import org.springframework.http.MediaType;

/**
 * An endpoint that takes a file upload instead of JSON: its own body limit in place of
 * {@code tern.security.max-request-bytes} and the media types it reads in place of JSON. A feature
 * declares one as a bean; the request filters apply it to requests with exactly this method and path.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the request path, e.g. {@code /api/v1/artifacts}
 * @param maxBytes the largest body accepted (413 above: at once for a larger {@code Content-Length},
 *     while reading for a chunked body)
 * @param accepted the media types the endpoint reads
 */
public record UploadEndpoint(String method, String path, long maxBytes, List<MediaType> accepted) {

  public UploadEndpoint {
    accepted = List.copyOf(accepted);
  }

  /** Whether the request is one for this endpoint. */
  boolean matches(jakarta.servlet.http.HttpServletRequest request) {
    return method.equalsIgnoreCase(request.getMethod()) && path.equals(request.getRequestURI());
  }

  /** Whether {@code contentType} is one the endpoint reads. */
  boolean accepts(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return accepted.stream().anyMatch(a -> a.includes(type) && !type.isWildcardType() && !type.isWildcardSubtype());
    } catch (org.springframework.http.InvalidMediaTypeException e) {
      return false;
    }
  }
}
