package io.tern.scheduler.security;

/** Published when an API token is revoked, so that what was opened with it ends at once. */
public record ApiTokenRevoked(long tokenId) {}
