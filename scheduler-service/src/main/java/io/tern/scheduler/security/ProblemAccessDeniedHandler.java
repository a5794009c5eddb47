package io.tern.scheduler.security;

import io.tern.scheduler.api.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/** 403 problem: authenticated, but not allowed (wrong role, another worker's path, missing CSRF token). */
public final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

  private final ProblemResponses problems;

  public ProblemAccessDeniedHandler(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    String detail =
        e instanceof CsrfException
            ? "This browser request needs a valid CSRF token (header X-XSRF-TOKEN or field _csrf, from the XSRF-TOKEN cookie)."
            : "Your credentials do not allow " + request.getMethod() + " on this resource.";
    problems.write(request, response, 403, ProblemTypes.FORBIDDEN, "Forbidden", detail);
  }
}
