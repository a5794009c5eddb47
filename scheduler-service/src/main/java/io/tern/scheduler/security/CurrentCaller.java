package io.tern.scheduler.security;

import java.util.Arrays;
import java.util.Comparator;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
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
}
