package io.tern.scheduler.token;

import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.security.ApiTokenRevoked;
import io.tern.scheduler.security.ApiTokens;
import io.tern.scheduler.security.AuthenticatedToken;
import io.tern.scheduler.security.Role;
import io.tern.scheduler.security.Secrets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: created with a random secret that is returned once, stored as its SHA-256 hash,
 * looked up by that hash, revoked by id. Never logs a token.
 */
@Service
public class ApiTokenService implements ApiTokens {

  private static final Logger log = LoggerFactory.getLogger(ApiTokenService.class);

  private final ApiTokenRepository tokens;
  private final Clock clock;
  private final ApplicationEventPublisher publisher;

  public ApiTokenService(ApiTokenRepository tokens, Clock clock, ApplicationEventPublisher publisher) {
    this.tokens = tokens;
    this.clock = clock;
    this.publisher = publisher;
  }

  /** Creates a token; the answer carries its text, which is not kept anywhere. */
  @Transactional
  public CreatedTokenView create(CreateTokenRequest request) {
    Instant now = clock.instant();
    if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
      throw new InvalidRequestException("'expiresAt' must be in the future, not " + request.expiresAt() + ".");
    }
    String owner = request.owner() != null ? request.owner() : request.name();
    String token = Secrets.generate(Secrets.API_TOKEN_PREFIX);
    ApiTokenEntity saved =
        tokens.save(new ApiTokenEntity(request.name(), request.role(), owner, Secrets.sha256Hex(token), now,
            request.expiresAt()));
    log.info("API token {} '{}' created: role {}, owner {}", saved.getId(), saved.getName(), saved.getRole(), owner);
    return new CreatedTokenView(saved.getId(), saved.getName(), saved.getRole(), owner, token, saved.getExpiresAt());
  }

  /** Every token, without secrets. */
  @Transactional(readOnly = true)
  public List<TokenView> list() {
    return tokens.findAllByOrderByIdAsc().stream().map(TokenView::of).toList();
  }

  /**
   * Revokes a token; revoking it again changes nothing. Publishes {@link ApiTokenRevoked}, which ends
   * the event streams opened with it once the revocation is committed.
   */
  @Transactional
  public void revoke(long id) {
    ApiTokenEntity token = tokens.findById(id).orElseThrow(() -> new NotFoundException("Token", id));
    token.revoke(clock.instant());
    publisher.publishEvent(new ApiTokenRevoked(id));
    log.info("API token {} '{}' revoked", id, token.getName());
  }

  /** The valid token with this text, if any (looked up by hash, compared in constant time). */
  @Transactional(readOnly = true)
  @Override
  public Optional<AuthenticatedToken> authenticate(String token) {
    if (token == null || !token.startsWith(Secrets.API_TOKEN_PREFIX) || token.length() > 200) {
      return Optional.empty();
    }
    String hash = Secrets.sha256Hex(token);
    Instant now = clock.instant();
    return tokens
        .findByTokenHash(hash)
        .filter(t -> Secrets.sameSecret(t.getTokenHash(), hash))
        .filter(t -> t.isValidAt(now))
        .map(t -> new AuthenticatedToken(t.getId(), t.getName(), t.getRole(), t.getOwner()));
  }

  /** True while the token with this id is neither revoked nor expired. */
  @Transactional(readOnly = true)
  @Override
  public boolean isValid(long id) {
    Instant now = clock.instant();
    return tokens.findById(id).map(t -> t.isValidAt(now)).orElse(false);
  }

  /**
   * Makes sure the configured bootstrap admin token exists (owner {@code admin}). A token that was
   * revoked stays revoked: the bootstrap never brings it back.
   */
  @Transactional
  public void ensureBootstrapAdmin(String token) {
    if (!token.startsWith(Secrets.API_TOKEN_PREFIX) || token.length() < Secrets.API_TOKEN_PREFIX.length() + 32) {
      throw new IllegalArgumentException(
          "tern.security.bootstrap-admin-token must start with '" + Secrets.API_TOKEN_PREFIX
              + "' followed by at least 32 random characters");
    }
    String hash = Secrets.sha256Hex(token);
    if (tokens.findByTokenHash(hash).isEmpty()) {
      ApiTokenEntity saved = tokens.save(new ApiTokenEntity("bootstrap-admin", Role.ADMIN, "admin", hash, clock.instant(), null));
      log.info("Bootstrap admin token stored as API token {}", saved.getId());
    }
  }
}
