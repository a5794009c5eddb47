package io.tern.scheduler.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated JWT into a Tern user: the owner from {@code ownerClaim}, the roles from the values
 * of {@code roleClaim} that {@code roleMapping} names. Values it does not name grant nothing; a JWT
 * without a mapped role is authenticated but may do nothing.
 */
public final class JwtRoleConverter implements Converter<Jwt, AbstractAuthenticationToken> {

  private final TernSecurityProperties.Jwt settings;

  public JwtRoleConverter(TernSecurityProperties.Jwt settings) {
    this.settings = settings;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    Set<GrantedAuthority> authorities = new LinkedHashSet<>();
    for (String value : claimValues(jwt.getClaims(), settings.roleClaim())) {
      Role role = settings.roleMapping().get(value);
      if (role != null) {
        authorities.add(new SimpleGrantedAuthority(role.authority()));
      }
    }
    Object owner = jwt.getClaims().get(settings.ownerClaim());
    String name = owner == null ? jwt.getSubject() : owner.toString();
    return new JwtAuthenticationToken(jwt, authorities, name);
  }

  private static List<String> claimValues(Map<String, Object> claims, String path) {
    Object node = claims;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return List.of();
      }
      node = map.get(part);
    }
    if (node instanceof String s) {
      return List.of(s.split("[\\s,]+"));
    }
    if (node instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).toList();
    }
    return List.of();
  }
}
