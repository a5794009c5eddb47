package io.tern.scheduler.token;

import io.tern.scheduler.security.Role;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * Body of {@code POST /api/v1/tokens}.
 *
 * @param name what the token is for, e.g. {@code ci-nightly} (1–100 of letters, digits, {@code . _ @ -})
 * @param role SUBMITTER, OPERATOR or ADMIN
 * @param owner whose jobs the token submits and sees (default: {@code name}); same characters
 * @param expiresAt when the token stops working (optional; must be in the future)
 */
public record CreateTokenRequest(
    @NotNull(message = "is required") @Pattern(regexp = NAME, message = MESSAGE) String name,
    @NotNull(message = "is required (SUBMITTER, OPERATOR or ADMIN)") Role role,
    @Pattern(regexp = NAME, message = MESSAGE) String owner,
    Instant expiresAt) {

  static final String NAME = "[A-Za-z0-9._@-]{1,100}";
  static final String MESSAGE = "must be 1 to 100 letters, digits, '.', '_', '@' or '-'";
}
