package io.tern.scheduler.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates worker-protocol calls ({@code /internal/**}):
 *
 * <ul>
 *   <li>{@code Authorization: Bearer <join token>} — the cluster's join token, only good for
 *       registering;</li>
 *   <li>{@code Authorization: Basic base64(<workerId>:<worker secret>)} — a registered worker; the
 *       secret's hash is compared in constant time with the one stored at its last registration.</li>
 * </ul>
 *
 * Anything else that is sent (an API token, a stale secret, garbage) is refused at once with 401;
 * a request without credentials goes on unauthenticated and is refused by authorization.
 */
public final class WorkerCredentialsFilter extends OncePerRequestFilter {

  private final String joinToken;
  private final WorkerSecrets workers;
  private final AuthenticationEntryPoint entryPoint;

  /**
   * @param joinToken the cluster's join token; null means no worker can register
   */
  public WorkerCredentialsFilter(String joinToken, WorkerSecrets workers, AuthenticationEntryPoint entryPoint) {
    this.joinToken = joinToken;
    this.workers = workers;
    this.entryPoint = entryPoint;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      chain.doFilter(request, response);
      return;
    }
    Optional<WorkerAuthentication> auth = authenticate(header);
    if (auth.isEmpty()) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(request, response, new BadCredentialsException("invalid worker credentials"));
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(auth.get());
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  private Optional<WorkerAuthentication> authenticate(String header) {
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).trim();
      return joinToken != null && Secrets.sameSecret(token, joinToken)
          ? Optional.of(WorkerAuthentication.joining())
          : Optional.empty();
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basic(header.substring(6).trim());
    }
    return Optional.empty();
  }

  private Optional<WorkerAuthentication> basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 1 || colon > 19) {
      return Optional.empty();
    }
    long workerId;
    try {
      workerId = Long.parseLong(decoded.substring(0, colon));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String secretHash = Secrets.sha256Hex(decoded.substring(colon + 1));
    if (workerId < 1) {
      return Optional.empty();
    }
    return workers
        .secretHash(workerId)
        .filter(stored -> Secrets.sameSecret(stored, secretHash))
        .map(stored -> WorkerAuthentication.worker(workerId));
  }
}
