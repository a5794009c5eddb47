package io.tern.scheduler.token;

import io.tern.scheduler.security.Role;

/** A valid API token, as found by its hash. */
public record AuthenticatedToken(long id, String name, Role role, String owner) {}
