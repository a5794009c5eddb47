package io.tern.scheduler.security;

/**
 * The authenticated user behind a REST request.
 *
 * @param owner the owner name: jobs this user submits belong to it
 * @param role the user's highest role
 */
public record Caller(String owner, Role role) {

  /** True when the caller may see and act on {@code jobOwner}'s jobs. */
  public boolean maySee(String jobOwner) {
    return role.includes(Role.OPERATOR) || owner.equals(jobOwner);
  }

  /** True when the caller sees every job, not only its own. */
  public boolean seesAllJobs() {
    return role.includes(Role.OPERATOR);
  }
}
