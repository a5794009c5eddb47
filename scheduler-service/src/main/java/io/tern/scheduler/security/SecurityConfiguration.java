package io.tern.scheduler.security;

import io.tern.scheduler.config.SchedulerProperties;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Two filter chains:
 *
 * <ol>
 *   <li>{@code /internal/**}, the worker protocol: stateless; the join token may only register, a
 *       worker's id + secret only reach that worker's own paths (and register that worker's own name
 *       again); user credentials are refused.</li>
 *   <li>everything else: the REST API takes bearer API tokens (or JWTs in {@code jwt} mode),
 *       stateless and without CSRF; the dashboard logs in with a token at {@code /login} and then
 *       uses a session cookie, with CSRF protection on state-changing requests. Static assets, the
 *       OpenAPI description and the health probe are public; everything else needs a role, and any
 *       path without a rule is denied.</li>
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TernSecurityProperties.class)
public class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  /** ADMIN includes OPERATOR includes SUBMITTER. */
  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_OPERATOR\nROLE_OPERATOR > ROLE_SUBMITTER");
  }

  @Bean
  ProblemResponses problemResponses(JsonMapper json) {
    return new ProblemResponses(json);
  }

  @Bean
  RequestRejectedHandler requestRejectedHandler(ProblemResponses problems) {
    return new ProblemRequestRejectedHandler(problems);
  }

  /** Runs before Spring Security, so an oversized body is refused before anything reads it. */
  @Bean
  FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
      TernSecurityProperties properties, ProblemResponses problems, ObjectProvider<UploadEndpoint> uploads) {
    FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
        new RequestSizeLimitFilter(properties.maxRequestBytes().toBytes(), problems, uploads.orderedStream().toList()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /** Right after the size limit: refuses query strings and bodies the API does not take. */
  @Bean
  FilterRegistrationBean<RequestFormatFilter> requestFormatFilter(
      @Value("${server.tomcat.max-parameter-count:100}") int maxParameters, ProblemResponses problems,
      ObjectProvider<UploadEndpoint> uploads) {
    FilterRegistrationBean<RequestFormatFilter> registration = new FilterRegistrationBean<>(
        new RequestFormatFilter(maxParameters, problems, uploads.orderedStream().toList()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
    return registration;
  }

  /**
   * Tomcat answers the requests its connector refuses (before any filter) with a problem, not its
   * HTML page: {@link ProblemErrorReportValve} replaces the host's error report valves. Ordered last,
   * after Boot's own customizer adds its valve.
   */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
    return factory -> factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof StandardHost host) {
        for (Valve valve : host.getPipeline().getValves()) {
          if (valve instanceof ErrorReportValve) {
            host.getPipeline().removeValve(valve);
          }
        }
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        host.getPipeline().addValve(new ProblemErrorReportValve());
      }
    });
  }

  /** Warns when workers cannot join. */
  @Bean
  ApplicationRunner joinTokenCheck(SchedulerProperties scheduler) {
    return args -> {
      if (scheduler.workerJoinToken() == null) {
        log.warn("tern.scheduler.worker-join-token is not set: no worker can register");
      }
    };
  }

  @Bean
  @Order(1)
  SecurityFilterChain workerProtocol(
      HttpSecurity http, SchedulerProperties scheduler, WorkerSecrets workers, ProblemResponses problems)
      throws Exception {
    ProblemAuthenticationEntryPoint entryPoint =
        new ProblemAuthenticationEntryPoint(
            problems, "Basic realm=\"tern-workers\"",
            "Worker calls need the join token (register) or the worker's id and secret (everything else).");
    http.securityMatcher("/internal/**")
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .anonymous(a -> { })
        .addFilterBefore(
            new WorkerCredentialsFilter(scheduler.workerJoinToken(), workers, entryPoint), CsrfFilter.class)
        .authorizeHttpRequests(
            // an ASYNC dispatch resumes a long-poll whose REQUEST dispatch was authorized already
            a -> a.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                .requestMatchers(HttpMethod.POST, "/internal/v1/workers/register")
                .hasAnyAuthority(WorkerAuthentication.JOINING, WorkerAuthentication.WORKER)
                .requestMatchers("/internal/v1/workers/{workerId}/**")
                .access(new OwnWorkerPath())
                .anyRequest()
                .denyAll())
        .exceptionHandling(
            e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(new ProblemAccessDeniedHandler(problems)));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain api(
      HttpSecurity http, TernSecurityProperties properties, ApiTokens tokens, ProblemResponses problems)
      throws Exception {
    ProblemAuthenticationEntryPoint entryPoint =
        new ProblemAuthenticationEntryPoint(
            problems, "Bearer realm=\"tern\"",
            "Send an API token as 'Authorization: Bearer <token>' (or log in to the dashboard at /login).");
    ProblemAccessDeniedHandler denied = new ProblemAccessDeniedHandler(problems);
    AuthenticationManager apiTokens =
        new ProviderManager(new OpaqueTokenAuthenticationProvider(new ApiTokenIntrospector(tokens)));
    AuthenticationManagerResolver<HttpServletRequest> bearer = bearerResolver(properties, apiTokens);

    CookieCsrfTokenRepository csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
    csrfTokens.setCookieCustomizer(c -> c.sameSite("Strict"));
    CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
    csrfHandler.setCsrfRequestAttributeName(null); // load the token where it is used, not on every request

    HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
    TokenLoginFilter login = new TokenLoginFilter(apiTokens);
    login.setSecurityContextRepository(sessions);
    login.setSessionAuthenticationStrategy(
        new CompositeSessionAuthenticationStrategy(
            List.of(new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(csrfTokens))));
    SimpleUrlAuthenticationSuccessHandler success = new SimpleUrlAuthenticationSuccessHandler("/");
    success.setAlwaysUseDefaultTargetUrl(true);
    login.setAuthenticationSuccessHandler(success);
    login.setAuthenticationFailureHandler(new SimpleUrlAuthenticationFailureHandler("/login?error"));

    http.securityContext(c -> c.securityContextRepository(sessions))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        .requestCache(c -> c.disable())
        .csrf(
            c -> c.csrfTokenRepository(csrfTokens)
                .csrfTokenRequestHandler(csrfHandler)
                .requireCsrfProtectionMatcher(new BrowserSessionRequests()))
        .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
        .addFilterAfter(login, CsrfFilter.class)
        .addFilterAfter(new SessionTokenCheckFilter(tokens), BearerTokenAuthenticationFilter.class)
        .oauth2ResourceServer(
            o -> o.authenticationManagerResolver(bearer).authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
        .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").deleteCookies("TERN_SESSION"))
        .headers(
            h -> h.contentSecurityPolicy(
                    c -> c.policyDirectives(
                        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                            + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
        .authorizeHttpRequests(
            // an ASYNC dispatch ends a stream or long-poll whose REQUEST dispatch was authorized already
            a -> a.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR, DispatcherType.ASYNC)
                .permitAll()
                .requestMatchers(HttpMethod.GET, "/", "/login", "/*.html", "/*.js", "/*.css", "/favicon.ico")
                .permitAll()
                .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                    "/swagger-ui.html", "/swagger-ui/**")
                .permitAll()
                .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**")
                .permitAll()
                .requestMatchers("/actuator/**")
                .hasRole("OPERATOR")
                .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**")
                .hasRole("ADMIN")
                .requestMatchers("/api/v1/workers", "/api/v1/workers/**", "/api/v1/drains", "/api/v1/drains/**",
                    "/api/v1/settings/**", "/api/v1/schedules", "/api/v1/schedules/**", "/api/v1/replica")
                .hasRole("OPERATOR")
                .requestMatchers(HttpMethod.POST, "/api/v1/jobs/*/migrate", "/api/v1/jobs/*/priority")
                .hasRole("OPERATOR")
                .requestMatchers("/api/v1/jobs", "/api/v1/jobs/**", "/api/v1/me", "/api/v1/events", "/api/v1/events/**",
                    "/api/v1/artifacts", "/api/v1/artifacts/**")
                .hasRole("SUBMITTER")
                .anyRequest()
                .denyAll())
        .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied));
    return http.build();
  }

  /**
   * Tern API tokens (prefix {@code tern_at_}) go to the token table; in {@code jwt} mode any other
   * bearer token is validated as a JWT of the configured issuer.
   */
  private static AuthenticationManagerResolver<HttpServletRequest> bearerResolver(
      TernSecurityProperties properties, AuthenticationManager apiTokens) {
    if (properties.mode() != TernSecurityProperties.Mode.JWT) {
      return request -> apiTokens;
    }
    String issuer = properties.jwt().issuerUri().toString();
    JwtDecoder decoder = new SupplierJwtDecoder(() -> JwtDecoders.fromIssuerLocation(issuer));
    JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(decoder);
    jwtProvider.setJwtAuthenticationConverter(new JwtRoleConverter(properties.jwt()));
    AuthenticationManager jwt = new ProviderManager(jwtProvider);
    DefaultBearerTokenResolver tokens = new DefaultBearerTokenResolver();
    return request -> {
      String token = tokens.resolve(request);
      return token != null && token.startsWith(Secrets.API_TOKEN_PREFIX) ? apiTokens : jwt;
    };
  }
}
