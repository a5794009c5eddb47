package io.tern.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class JwtRoleConverterTest {

  private final TernSecurityProperties.Jwt settings = new TernSecurityProperties.Jwt(
      URI.create("https://idp.example/realms/tern"), "realm_access.roles", "preferred_username",
      Map.of("tern-admins", Role.ADMIN, "tern-ops", Role.OPERATOR, "tern-users", Role.SUBMITTER));
  private final JwtRoleConverter converter = new JwtRoleConverter(settings);

  @Test
  void mapsNestedRoleClaimValuesAndTakesTheOwnerFromTheConfiguredClaim() {
    AbstractAuthenticationToken auth = converter.convert(jwt(Map.of(
        "sub", "2f1c-uuid", "preferred_username", "dana",
        "realm_access", Map.of("roles", List.of("offline_access", "tern-ops", "tern-users")))));

    assertThat(auth.getName()).isEqualTo("dana");
    assertThat(auth.getAuthorities()).extracting(GrantedAuthority::getAuthority)
        .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_SUBMITTER");
  }

  @Test
  void unmappedValuesGrantNothingAndTheSubjectIsTheFallbackOwner() {
    AbstractAuthenticationToken auth = converter.convert(jwt(Map.of(
        "sub", "eve", "realm_access", Map.of("roles", List.of("admin", "TERN-ADMINS")))));

    assertThat(auth.getName()).isEqualTo("eve");
    assertThat(auth.getAuthorities()).isEmpty();
  }

  @Test
  void aSpaceSeparatedStringClaimWorksToo() {
    JwtRoleConverter flat = new JwtRoleConverter(new TernSecurityProperties.Jwt(
        URI.create("https://idp.example"), "scope", "sub", Map.of("tern:admin", Role.ADMIN)));
    AbstractAuthenticationToken auth = flat.convert(jwt(Map.of("sub", "root-bot", "scope", "openid tern:admin")));
    assertThat(auth.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
  }

  @Test
  void jwtModeNeedsAnIssuer() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TernSecurityProperties(
            TernSecurityProperties.Mode.JWT, null, org.springframework.util.unit.DataSize.ofMegabytes(1),
            new TernSecurityProperties.Jwt(null, "roles", "sub", null)))
        .hasMessageContaining("tern.security.jwt.issuer-uri");
  }

  private static Jwt jwt(Map<String, Object> claims) {
    return new Jwt("header.payload.signature", Instant.now(), Instant.now().plusSeconds(60),
        Map.of("alg", "RS256"), claims);
  }
}
