package io.tern.scheduler.security;

import io.tern.scheduler.api.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * 400 problem for requests Spring Security's firewall refuses (encoded slashes, {@code ..} segments,
 * control characters and the like, i.e. path traversal attempts).
 */
public final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemRequestRejectedHandler.class);

  private final ProblemResponses problems;

  public ProblemRequestRejectedHandler(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
      throws IOException {
    log.info("Rejected a request from {}: {}", request.getRemoteAddr(), e.getMessage());
    problems.write(request, response, 400, ProblemTypes.INVALID_REQUEST, "Invalid request",
        "The request URL is not acceptable (for example it contains '..', encoded slashes or control characters).");
  }
}
