package io.tern.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard's login: a token pasted at /login becomes a server-side session (HttpOnly,
 * SameSite=Strict cookie); state-changing requests of the session need the CSRF token (double
 * submit); bearer-token calls stay stateless and need none; revoking the token ends the session.
 */
@SchedulerIT
class DashboardSessionIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  CookieManager cookies;
  HttpClient browser;
  String base;
  Tables tables;

  @BeforeEach
  void setUp() {
    tables = new Tables(jdbc);
    tables.clear();
    base = "http://127.0.0.1:" + port;
    cookies = new CookieManager();
    browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Test
  void aTokenLoginOpensASessionWhoseWritesNeedTheCsrfToken() throws Exception {
    String token = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN)
        .post("/api/v1/tokens", "{\"name\": \"dash\", \"role\": \"SUBMITTER\", \"owner\": \"carol\"}")
        .body().path("token").asString();

    HttpResponse<String> page = browser.send(get("/login"), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("name=\"token\"");
    assertThat(setCookie(page, "XSRF-TOKEN")).contains("SameSite=Strict");
    String csrf = cookie("XSRF-TOKEN");

    HttpResponse<String> forged = browser.send(form("/login", "token=" + enc(token)), HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).as("a login without the CSRF token is refused").isEqualTo(403);

    HttpResponse<String> wrong = browser.send(form("/login", "token=tern_at_wrong&_csrf=" + enc(csrf)), HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(302);
    assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");

    HttpResponse<String> login = browser.send(form("/login", "token=" + enc(token) + "&_csrf=" + enc(csrf)), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/");
    String session = setCookie(login, "TERN_SESSION");
    assertThat(session).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(token);
    HttpResponse<String> me = browser.send(get("/api/v1/me"), HttpResponse.BodyHandlers.ofString());
    assertThat(cookie("XSRF-TOKEN")).as("the CSRF token is replaced at login").isNotEqualTo(csrf);
    csrf = cookie("XSRF-TOKEN");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"owner\":\"carol\"").contains("\"role\":\"SUBMITTER\"");

    long jobs = tables.jobCount();
    HttpResponse<String> noCsrf = browser.send(json("/api/v1/jobs", "{\"type\": \"pi\"}", null), HttpResponse.BodyHandlers.ofString());
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(noCsrf.body()).contains("CSRF");
    assertThat(tables.jobCount()).isEqualTo(jobs);
    HttpResponse<String> withCsrf = browser.send(json("/api/v1/jobs", "{\"type\": \"pi\"}", csrf), HttpResponse.BodyHandlers.ofString());
    assertThat(withCsrf.statusCode()).isEqualTo(201);
    assertThat(withCsrf.body()).contains("\"owner\":\"carol\"");

    // revoking the token ends the session at its next request
    long id = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN).get("/api/v1/tokens").body().findValues("id").stream()
        .mapToLong(n -> n.asLong()).max().orElseThrow();
    assertThat(new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN).delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
    assertThat(browser.send(get("/api/v1/me"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
  }

  @Test
  void bearerCallsAreStatelessAndNeedNoCsrfToken() {
    Response created = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN).post("/api/v1/jobs", "{\"type\": \"pi\"}");
    assertThat(created.status()).isEqualTo(201);
  }

  @Test
  void bearerCallsGetNoSessionCookie() throws Exception {
    HttpResponse<String> r = browser.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/me")).header("Authorization", "Bearer " + TestCredentials.ADMIN_TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("TERN_SESSION"));
  }

  @Test
  void aRevokedTokensSessionEndsAtItsNextRequestWhateverAuthorizationHeaderItCarries() throws Exception {
    for (String header : List.of("Basic eDp5", "X")) {
      cookies = new CookieManager();
      browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
      long tokenId = login("carol");
      String csrf = cookie("XSRF-TOKEN");
      assertThat(new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN).delete("/api/v1/tokens/" + tokenId).status())
          .isEqualTo(204);
      long jobs = tables.jobCount();

      HttpResponse<String> write = browser.send(withHeader(json("/api/v1/jobs", "{\"type\": \"pi\"}", csrf), header),
          HttpResponse.BodyHandlers.ofString());
      assertThat(write.statusCode()).as("a write of the revoked session with 'Authorization: " + header + "'").isEqualTo(401);
      assertThat(write.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
      HttpResponse<String> read = browser.send(withHeader(get("/api/v1/me"), header), HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode()).as("a read of the revoked session with 'Authorization: " + header + "'").isEqualTo(401);
      assertThat(browser.send(get("/api/v1/me"), HttpResponse.BodyHandlers.ofString()).statusCode())
          .as("the session is over").isEqualTo(401);
      assertThat(tables.jobCount()).isEqualTo(jobs);
    }
  }

  @Test
  void aSessionsWritesNeedTheCsrfTokenWhateverAuthorizationHeaderTheyCarry() throws Exception {
    login("carol");
    long jobs = tables.jobCount();
    for (String header : List.of("Basic eDp5", "X", "Bearer")) {
      HttpResponse<String> r = browser.send(withHeader(json("/api/v1/jobs", "{\"type\": \"pi\"}", null), header),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("a session write without CSRF token, with 'Authorization: " + header + "'")
          .isIn(401, 403);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }
    assertThat(tables.jobCount()).isEqualTo(jobs);
    HttpResponse<String> me = browser.send(get("/api/v1/me"), HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).as("the session still works").isEqualTo(200);
  }

  @Test
  void aBearerCallWithASessionCookieActsAsTheBearerOnly() throws Exception {
    long tokenId = login("carol");
    assertThat(new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN).delete("/api/v1/tokens/" + tokenId).status())
        .isEqualTo(204);
    String bearer = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN)
        .post("/api/v1/tokens", "{\"name\": \"dave-ci\", \"role\": \"SUBMITTER\", \"owner\": \"dave\"}")
        .body().path("token").asString();
    HttpResponse<String> r = browser.send(withHeader(json("/api/v1/jobs", "{\"type\": \"pi\"}", null), "Bearer " + bearer),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).contains("\"owner\":\"dave\"");
    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("TERN_SESSION"));
    assertThat(browser.send(get("/api/v1/me"), HttpResponse.BodyHandlers.ofString()).statusCode())
        .as("the revoked session did not come back through the bearer call").isEqualTo(401);
  }

  /** Logs the browser in with a new SUBMITTER token of {@code owner}; answers the token's id. */
  private long login(String owner) throws Exception {
    Response created = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN)
        .post("/api/v1/tokens", "{\"name\": \"dash-" + System.nanoTime() + "\", \"role\": \"SUBMITTER\", \"owner\": \"" + owner + "\"}");
    assertThat(created.status()).isEqualTo(201);
    browser.send(get("/login"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> login = browser.send(
        form("/login", "token=" + enc(created.body().path("token").asString()) + "&_csrf=" + enc(cookie("XSRF-TOKEN"))),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/");
    assertThat(browser.send(get("/api/v1/me"), HttpResponse.BodyHandlers.ofString()).body()).contains("\"owner\":\"" + owner + "\"");
    return created.body().path("id").asLong();
  }

  private static HttpRequest withHeader(HttpRequest request, String authorization) {
    return HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", authorization).build();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).GET().build();
  }

  private HttpRequest form(String path, String body) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private HttpRequest json(String path, String body, String csrf) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (csrf != null) {
      b.header("X-XSRF-TOKEN", csrf);
    }
    return b.build();
  }

  private String cookie(String name) {
    List<HttpCookie> all = cookies.getCookieStore().getCookies();
    return all.stream().filter(c -> c.getName().equals(name)).reduce((a, b) -> b).orElseThrow().getValue();
  }

  private static String setCookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + r.headers().map()));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
