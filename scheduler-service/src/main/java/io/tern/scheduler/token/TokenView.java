package io.tern.scheduler.token;

import io.tern.scheduler.security.Role;
import java.time.Instant;

/** A token as {@code GET /api/v1/tokens} lists it: never its secret, never its hash. */
public record TokenView(
    long id, String name, Role role, String owner, Instant createdAt, Instant expiresAt, Instant revokedAt) {

  static TokenView of(ApiTokenEntity t) {
    return new TokenView(
        t.getId(), t.getName(), t.getRole(), t.getOwner(), t.getCreatedAt(), t.getExpiresAt(), t.getRevokedAt());
  }
}
