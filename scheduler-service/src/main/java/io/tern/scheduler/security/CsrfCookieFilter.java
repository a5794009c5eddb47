package io.tern.scheduler.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes sure browser page loads carry the {@code XSRF-TOKEN} cookie, which the dashboard's scripts
 * copy into the {@code X-XSRF-TOKEN} header (or the {@code _csrf} form field) of state-changing
 * requests. Spring Security writes the cookie only once the token is used; this filter uses it.
 */
public final class CsrfCookieFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if ("GET".equals(request.getMethod()) && !BearerRequests.carriesBearer(request)
        && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
      token.getToken();
    }
    chain.doFilter(request, response);
  }
}
