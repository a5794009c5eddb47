package io.tern.scheduler.security;

import java.net.URI;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code tern.security.*}.
 *
 * @param mode {@code tokens} (default): users authenticate with Tern API tokens; {@code jwt}: also
 *     with JWTs of an OIDC issuer (Tern API tokens keep working for automation and break-glass)
 * @param bootstrapAdminToken an API token (text starting with {@code tern_at_}) stored as an ADMIN
 *     token of owner {@code admin} at start-up unless already known; how the first admin gets in
 * @param maxRequestBytes largest request body accepted (413 above)
 * @param jwt the JWT mode's settings
 */
@ConfigurationProperties("tern.security")
public record TernSecurityProperties(
    @DefaultValue("tokens") Mode mode,
    String bootstrapAdminToken,
    @DefaultValue("1MB") DataSize maxRequestBytes,
    @DefaultValue Jwt jwt) {

  /** How users authenticate. */
  public enum Mode {
    /** Tern API tokens only. */
    TOKENS,
    /** JWTs from an OIDC issuer, and Tern API tokens. */
    JWT
  }

  /**
   * JWT resource-server settings.
   *
   * @param issuerUri the OIDC issuer; its keys are fetched from its discovery document on first use
   * @param roleClaim claim holding the user's roles (a string or a list; dots walk into objects, e.g.
   *     {@code realm_access.roles})
   * @param ownerClaim claim naming the user; becomes the owner of the jobs they submit
   * @param roleMapping claim value → Tern role, e.g. {@code tern-admins: ADMIN}; unmapped values
   *     grant nothing
   */
  public record Jwt(
      URI issuerUri,
      @DefaultValue("roles") String roleClaim,
      @DefaultValue("sub") String ownerClaim,
      Map<String, Role> roleMapping) {

    public Jwt {
      roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
    }
  }

  public TernSecurityProperties {
    if (mode == Mode.JWT && (jwt == null || jwt.issuerUri() == null)) {
      throw new IllegalArgumentException("tern.security.mode=jwt needs tern.security.jwt.issuer-uri");
    }
  }

  /** Never prints the bootstrap token. */
  @Override
  public String toString() {
    return "TernSecurityProperties[mode=" + mode + ", bootstrapAdminToken=" + (bootstrapAdminToken == null ? "unset" : "***")
        + ", maxRequestBytes=" + maxRequestBytes + ", jwt=" + jwt + "]";
  }
}
