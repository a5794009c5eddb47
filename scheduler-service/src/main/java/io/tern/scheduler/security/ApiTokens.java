package io.tern.scheduler.security;

import java.util.Optional;

/**
 * The API tokens callers present, as the security chain checks them. Implemented by the token
 * feature, which stores them hashed; security knows nothing else of it.
 */
public interface ApiTokens {

  /** The token {@code presented} stands for, when it is known, not revoked and not expired. */
  Optional<AuthenticatedToken> authenticate(String presented);

  /** Whether the token with this id is still neither revoked nor expired. */
  boolean isValid(long tokenId);
}
