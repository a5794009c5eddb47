package io.tern.scheduler.security;

import io.tern.scheduler.api.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** 401 problem for requests without valid credentials; tells clients to use a bearer token. */
public final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

  private final ProblemResponses problems;
  private final String challenge;
  private final String detail;

  /**
   * @param challenge the {@code WWW-Authenticate} value
   * @param detail what the caller must send
   */
  public ProblemAuthenticationEntryPoint(ProblemResponses problems, String challenge, String detail) {
    this.problems = problems;
    this.challenge = challenge;
    this.detail = detail;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    response.setHeader("WWW-Authenticate", challenge);
    problems.write(request, response, 401, ProblemTypes.UNAUTHENTICATED, "Unauthenticated", detail);
  }
}
