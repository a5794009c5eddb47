package io.tern.scheduler.security;

import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A dashboard session opened with an API token: the owner, the role and the token's id (to end the
 * session when the token is revoked) — never the token itself. Unlike Spring's bearer
 * authentication, which is deliberately never stored in a session, this one is.
 */
public final class SessionAuthentication extends AbstractAuthenticationToken {

  private final String owner;
  private final long tokenId;

  public SessionAuthentication(String owner, long tokenId, Collection<? extends GrantedAuthority> authorities) {
    super(authorities);
    this.owner = owner;
    this.tokenId = tokenId;
    setAuthenticated(true);
  }

  /** The id of the API token the session was opened with. */
  public long tokenId() {
    return tokenId;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return owner;
  }

  @Override
  public String getName() {
    return owner;
  }
}
