package io.tern.scheduler.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which requests need a CSRF token: state-changing requests a browser could be tricked into sending
 * with its cookies, i.e. those that carry a session cookie (or log in), whatever other headers they
 * carry. Only calls with a bearer token are exempt: they are stateless and cannot be forged
 * cross-site (a page cannot add the header without CORS, which the scheduler does not allow).
 */
final class BrowserSessionRequests implements RequestMatcher {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  @Override
  public boolean matches(HttpServletRequest request) {
    if (SAFE.contains(request.getMethod()) || BearerRequests.carriesBearer(request)) {
      return false;
    }
    return request.getRequestedSessionId() != null || "/login".equals(request.getServletPath())
        || "/logout".equals(request.getServletPath());
  }
}
