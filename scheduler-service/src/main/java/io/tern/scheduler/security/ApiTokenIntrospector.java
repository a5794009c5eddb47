package io.tern.scheduler.security;


import java.util.List;
import java.util.Map;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Spring's opaque-token resource server backed by Tern's own token table: a bearer token is valid
 * when its hash is known and it is neither revoked nor expired. The principal's name is the token's
 * owner; its authority is the token's role.
 */
public final class ApiTokenIntrospector implements OpaqueTokenIntrospector {

  /** Attribute holding the token's id (to re-check a dashboard session against revocation). */
  public static final String TOKEN_ID = "tern_token_id";
  /** Attribute holding the token's name. */
  public static final String TOKEN_NAME = "tern_token_name";

  private final ApiTokens tokens;

  public ApiTokenIntrospector(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public OAuth2AuthenticatedPrincipal introspect(String token) {
    AuthenticatedToken found =
        tokens.authenticate(token).orElseThrow(() -> new BadOpaqueTokenException("unknown, revoked or expired token"));
    return new DefaultOAuth2AuthenticatedPrincipal(
        found.owner(),
        Map.of(TOKEN_ID, found.id(), TOKEN_NAME, found.name(), "role", found.role().name()),
        List.of(new SimpleGrantedAuthority(found.role().authority())));
  }
}
