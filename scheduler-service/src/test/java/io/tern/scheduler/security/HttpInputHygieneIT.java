package io.tern.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.scheduler.stream.EventFeed;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Malformed or hostile HTTP over real connections: each is a 4xx RFC 9457 problem that changes
 * nothing, never a 5xx, an HTML page, a stack trace in the log or a reflected header.
 */
@SchedulerIT
@ExtendWith(OutputCaptureExtension.class)
class HttpInputHygieneIT {

  /** Control characters and bidi overrides/isolates that a name must not contain. */
  static final List<String> UNSAFE = List.of("\u0000", "\u0007", "\n", "\u007f", "\u009b", "\u202a", "\u202e", "\u2066", "\u2069");

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventFeed feed;

  TernClient admin;
  Tables tables;

  @BeforeEach
  void setUp() {
    tables = new Tables(jdbc);
    tables.clear();
    admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
  }

  @Test
  void controlCharactersAndBidiOverridesInNamesAndParameterKeysAre400() {
    String before = tables.fingerprint();
    for (String bad : UNSAFE) {
      String escaped = jsonEscape("a" + bad + "b");
      String what = "U+" + Integer.toHexString(bad.codePointAt(0));
      assertInvalid(admin.post("/api/v1/jobs", "{\"type\": \"pi\", \"name\": \"" + escaped + "\"}"), "job name " + what);
      assertInvalid(admin.post("/api/v1/jobs", "{\"type\": \"pi\", \"parameters\": {\"" + escaped + "\": 1}}"),
          "parameter key " + what);
      assertInvalid(admin.post("/api/v1/jobs", "{\"type\": \"pi\", \"constraints\": {\"" + escaped + "\": \"x\"}}"),
          "constraint key " + what);
      assertInvalid(admin.post("/api/v1/tokens", "{\"name\": \"" + escaped + "\", \"role\": \"SUBMITTER\"}"),
          "token name " + what);
      assertInvalid(new TernClient(port).withBearer(TestCredentials.JOIN_TOKEN).post("/internal/v1/workers/register",
          "{\"name\": \"w-" + escaped + "\", \"slots\": 1, \"memoryMb\": 64}"), "worker name " + what);
      assertInvalid(new TernClient(port).withBearer(TestCredentials.JOIN_TOKEN).post("/internal/v1/workers/register",
          "{\"name\": \"w\", \"slots\": 1, \"memoryMb\": 64, \"labels\": {\"zone\": \"" + escaped + "\"}}"),
          "worker label " + what);
    }
    assertInvalid(admin.post("/api/v1/jobs", "{\"type\": \"pi\", \"parameters\": {\"text\": \"a\\u0000b\"}}"),
        "NUL in a parameter value");
    assertThat(tables.fingerprint()).as("nothing changed").isEqualTo(before);
    assertThat(admin.post("/api/v1/jobs", "{\"type\": \"pi\", \"name\": \"π über 東京 ✓\"}").status())
        .as("other characters are fine").isEqualTo(201);
  }

  @Test
  void moreThan100QueryParametersAre400AndLogNoStackTrace(CapturedOutput output) {
    String query = IntStream.rangeClosed(0, 100).mapToObj(i -> "p" + i + "=" + i).collect(Collectors.joining("&"));
    Response r = admin.get("/api/v1/jobs?" + query);
    assertProblem(r, 400, "invalid-request");
    assertThat(output.getAll()).doesNotContain("\tat ");
    String hundred = IntStream.range(0, 100).mapToObj(i -> "p" + i + "=" + i).collect(Collectors.joining("&"));
    assertThat(admin.get("/api/v1/jobs?" + hundred).status()).isEqualTo(200);
    assertProblem(admin.get("/api/v1/jobs?a%E2%80%AEb=1"), 400, "invalid-request");
  }

  @Test
  void aFormWithMoreThan100ParametersIs400AndLogsNoStackTrace(CapturedOutput output) {
    String form = "_csrf=x&" + IntStream.rangeClosed(0, 100).mapToObj(i -> "p" + i + "=" + i).collect(Collectors.joining("&"));
    Response r = new TernClient(port).send("POST", "/login", form, "application/x-www-form-urlencoded");
    assertProblem(r, 400, "invalid-request");
    assertThat(output.getAll()).doesNotContain("\tat ");
  }

  @Test
  void urlsTheServerRefusesAnswerAProblemNotAnHtmlPage() {
    for (String path : List.of("/api/v1/jobs/1%2f2", "/api/v1/jobs/%2e%2e%2ftokens", "/api/v1/jobs/1%00",
        "/api/v1/jobs/..;/tokens")) {
      Response r = admin.get(path);
      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(r.contentType()).as(path + ": " + r.raw()).startsWith("application/problem+json");
      assertThat(r.raw()).as(path).doesNotContain("<html").doesNotContain("Tomcat");
    }
  }

  @Test
  void anXmlBodyIs415AndChangesNothing() {
    String before = tables.fingerprint();
    for (String type : List.of("application/xml", "text/xml")) {
      Response r = admin.send("POST", "/api/v1/jobs", "<SubmitJobRequest><type>pi</type></SubmitJobRequest>", type);
      assertProblem(r, 415, null);
    }
    FakeWorker worker = new FakeWorker(admin, "xml-worker", 1);
    Response register = new TernClient(port).withBearer(TestCredentials.JOIN_TOKEN).send("POST",
        "/internal/v1/workers/register", "<RegisterRequest><name>x</name><slots>1</slots><memoryMb>64</memoryMb></RegisterRequest>",
        "application/xml");
    assertProblem(register, 415, null);
    assertThat(tables.fingerprint()).as("nothing changed").isEqualTo(before);
    assertThat(worker.register().workerId()).as("JSON still works").isPositive();
  }

  @Test
  void theHostHeaderIsNotReflectedInLocation() throws IOException {
    String body = "{\"type\": \"pi\"}";
    String answer = raw("POST /api/v1/jobs HTTP/1.1\r\nHost: evil.example:6666\r\nAuthorization: Bearer "
        + TestCredentials.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
        + "\r\nConnection: close\r\n\r\n" + body);
    assertThat(answer).startsWith("HTTP/1.1 201");
    String location = answer.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst().orElseThrow();
    assertThat(location).doesNotContain("evil.example").matches("(?i)Location: /api/v1/jobs/\\d+");
  }

  @Test
  void aDroppedEventStreamLogsNoStackTrace(CapturedOutput output) throws Exception {
    int streams = feed.subscriberCount();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + TestCredentials.ADMIN_TOKEN + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().contains("keep-alive")) {
        int b = in.read();
        assertThat(b).isNotNegative();
        head.append((char) b);
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 200");
    }
    // the scheduler finds the connection gone when it next writes to it
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      admin.post("/api/v1/jobs", "{\"type\": \"pi\"}");
      return feed.subscriberCount() <= streams;
    });
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !output.getAll().contains("\tat "));
  }

  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static void assertInvalid(Response r, String what) {
    assertThat(r.status()).as(what + ": " + r.raw()).isEqualTo(400);
    assertThat(r.contentType()).as(what).startsWith("application/problem+json");
  }

  private static void assertProblem(Response r, int status, String type) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.contentType()).as(r.raw()).startsWith("application/problem+json");
    if (type != null) {
      assertThat(r.problemType()).isEqualTo(type);
    }
    assertThat(r.raw()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '"' || c == '\\') {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }
}
