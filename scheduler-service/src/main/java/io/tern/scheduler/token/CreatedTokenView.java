package io.tern.scheduler.token;

import io.tern.scheduler.security.Role;
import java.time.Instant;

/**
 * Answer to {@code POST /api/v1/tokens}: the only time the token's text is ever shown.
 *
 * @param token the secret to send as {@code Authorization: Bearer <token>}
 */
public record CreatedTokenView(long id, String name, Role role, String owner, String token, Instant expiresAt) {}
