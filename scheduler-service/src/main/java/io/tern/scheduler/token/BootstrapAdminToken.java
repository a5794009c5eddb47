package io.tern.scheduler.token;

import io.tern.scheduler.security.TernSecurityProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start, stores {@code tern.security.bootstrap-admin-token} as an ADMIN token when one is
 * configured and not stored yet (the standalone launcher and the Helm chart generate it).
 */
@Component
class BootstrapAdminToken implements ApplicationRunner {

  private final TernSecurityProperties properties;
  private final ApiTokenService tokens;

  BootstrapAdminToken(TernSecurityProperties properties, ApiTokenService tokens) {
    this.properties = properties;
    this.tokens = tokens;
  }

  @Override
  public void run(ApplicationArguments args) {
    String token = properties.bootstrapAdminToken();
    if (token != null && !token.isBlank()) {
      tokens.ensureBootstrapAdmin(token.trim());
    }
  }
}
