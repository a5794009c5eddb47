package io.tern.scheduler.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A worker, authenticated by its id and its current secret ({@link #WORKER}), or a worker about to
 * register, authenticated by the cluster's join token ({@link #JOINING}, no id yet).
 */
public final class WorkerAuthentication extends AbstractAuthenticationToken {

  /** Authority of a registered worker. */
  public static final String WORKER = "ROLE_WORKER";
  /** Authority of a caller that presented the join token. */
  public static final String JOINING = "ROLE_WORKER_JOIN";

  private final Long workerId;

  private WorkerAuthentication(Long workerId, String authority) {
    super(List.of(new SimpleGrantedAuthority(authority)));
    this.workerId = workerId;
    setAuthenticated(true);
  }

  /** A registered worker. */
  public static WorkerAuthentication worker(long workerId) {
    return new WorkerAuthentication(workerId, WORKER);
  }

  /** A worker holding the join token. */
  public static WorkerAuthentication joining() {
    return new WorkerAuthentication(null, JOINING);
  }

  /** The worker's id; null for a joining worker. */
  public Long workerId() {
    return workerId;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return workerId == null ? "joining-worker" : "worker-" + workerId;
  }
}
