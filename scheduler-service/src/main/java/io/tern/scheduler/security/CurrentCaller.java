package io.tern.scheduler.security;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.stereotype.Component;

/**
 * The {@link Caller} of the request being handled, from Spring Security's context. Fails closed:
 * code that asks for a caller outside an authenticated request gets an exception, never "everyone".
 */
@Component
public class CurrentCaller {

  /**
   * The caller of the current request.
   *
   * @throws AccessDeniedException when the request is not authenticated as a user
   */
  public Caller get() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || auth instanceof WorkerAuthentication) {
      throw new AccessDeniedException("not authenticated as a user");
    }
    Role role =
        auth.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .flatMap(a -> Arrays.stream(Role.values()).filter(r -> r.authority().equals(a)))
            .max(Comparator.naturalOrder())
            .orElseThrow(() -> new AccessDeniedException("no Tern role"));
    return new Caller(auth.getName(), role);
  }

  /**
   * The id of the Tern API token the current request authenticated with (as a bearer token or
   * through the dashboard session it opened); empty for a JWT.
   */
  public Optional<Long> tokenId() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof SessionAuthentication session) {
      return Optional.of(session.tokenId());
    }
    if (auth instanceof BearerTokenAuthentication bearer
        && bearer.getTokenAttributes().get(ApiTokenIntrospector.TOKEN_ID) instanceof Long id) {
      return Optional.of(id);
    }
    return Optional.empty();
  }
}
