package io.tern.scheduler.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * Tells stateless API calls from browser-session requests. A request is stateless when it carries
 * {@code Authorization: Bearer …} (an API token or a JWT; a malformed one is refused with 401): no
 * session is read, renewed or created for it, and it needs no CSRF token. Every other request,
 * whatever other {@code Authorization} header it carries ({@code Basic …} from a proxy, garbage), is
 * a session request: its session is checked against its token and its writes need the CSRF token.
 */
final class BearerRequests {

  private BearerRequests() {}

  /** True when the request carries a bearer credential, well-formed or not. */
  static boolean carriesBearer(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    return header != null && header.regionMatches(true, 0, "Bearer", 0, 6);
  }
}
