package io.tern.scheduler.security;

/**
 * What a user may do. Each role includes the ones before it: an OPERATOR can do everything a
 * SUBMITTER can, an ADMIN everything an OPERATOR can.
 */
public enum Role {
  /** Submits jobs and sees and manages only its own jobs. */
  SUBMITTER,
  /** Sees and manages all jobs and the workers. */
  OPERATOR,
  /** Manages API tokens, and everything else. */
  ADMIN;

  /** The Spring Security authority, e.g. {@code ROLE_ADMIN}. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** True when this role includes {@code other}. */
  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }
}
