package io.tern.scheduler.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Dashboard login: {@code POST /login} with the form field {@code token} (an API token). A valid
 * token becomes a server-side session (the cookie carries only the session id, never the token);
 * success redirects to the dashboard, failure back to {@code /login?error}.
 */
public final class TokenLoginFilter extends AbstractAuthenticationProcessingFilter {

  /** The form field holding the token. */
  public static final String TOKEN_FIELD = "token";

  public TokenLoginFilter(AuthenticationManager tokens) {
    super(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login"), tokens);
  }

  @Override
  public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
      throws AuthenticationException {
    String token = request.getParameter(TOKEN_FIELD);
    if (token == null || token.isBlank() || token.length() > 200) {
      throw new BadCredentialsException("no token given");
    }
    Authentication bearer = getAuthenticationManager().authenticate(new BearerTokenAuthenticationToken(token.trim()));
    if (!(bearer instanceof BearerTokenAuthentication b)
        || !(b.getTokenAttributes().get(ApiTokenIntrospector.TOKEN_ID) instanceof Long tokenId)) {
      throw new BadCredentialsException("only Tern API tokens open dashboard sessions");
    }
    return new SessionAuthentication(b.getName(), tokenId, b.getAuthorities());
  }
}
