package io.tern.scheduler.security;

/** A valid API token, as found by its hash. */
public record AuthenticatedToken(long id, String name, Role role, String owner) {}
