package io.tern.scheduler.security;


import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A dashboard session lives only as long as the API token it was opened with: when that token is
 * revoked or expires, the next request of the session finds it out, the session is dropped and the
 * request goes on unauthenticated (401).
 */
public final class SessionTokenCheckFilter extends OncePerRequestFilter {

  private final ApiTokens tokens;

  public SessionTokenCheckFilter(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    HttpSession session = request.getSession(false);
    if (session != null && request.getHeader(HttpHeaders.AUTHORIZATION) == null
        && auth instanceof SessionAuthentication sessionAuth
        && !tokens.isValid(sessionAuth.tokenId())) {
      SecurityContextHolder.clearContext();
      session.invalidate();
    }
    chain.doFilter(request, response);
  }
}
