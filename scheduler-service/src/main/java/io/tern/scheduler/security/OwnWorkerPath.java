package io.tern.scheduler.security;

import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Grants {@code /internal/v1/workers/{workerId}/**} only to the worker whose id is in the path: a
 * worker can never report for, or read the assignments of, another worker.
 */
public final class OwnWorkerPath implements AuthorizationManager<RequestAuthorizationContext> {

  @Override
  public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
    Authentication auth = authentication.get();
    String pathId = context.getVariables().get("workerId");
    boolean own = auth instanceof WorkerAuthentication worker
        && worker.workerId() != null
        && worker.workerId().toString().equals(pathId);
    return new AuthorizationDecision(own);
  }
}
