package io.tern.scheduler.security;


import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A dashboard session lives only as long as the API token it was opened with: every request that
 * uses the session re-checks the token, whatever headers it carries; when the token is revoked or
 * expired the session is dropped and the request goes on unauthenticated (401). Bearer calls never
 * reach the session (their authentication replaces it), so they neither use nor renew it.
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
    if (auth instanceof SessionAuthentication sessionAuth && !tokens.isValid(sessionAuth.tokenId())) {
      SecurityContextHolder.clearContext();
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
    }
    chain.doFilter(request, response);
  }
}
