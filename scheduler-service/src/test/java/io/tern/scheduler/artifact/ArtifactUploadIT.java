package io.tern.scheduler.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.scheduler.support.SchedulerWithStorageIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.scheduler.support.TestStorage;
import io.tern.testsupport.JarBuilder;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/artifacts} and reading artifacts back, over real HTTP against a real PostgreSQL
 * and a real S3 server: what is stored (once), what each owner sees, and every kind of bad upload,
 * each refused with a problem and leaving the database, the bucket and the spool as they were.
 */
@SchedulerWithStorageIT
class ArtifactUploadIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ArtifactProperties properties;
  @Value("${tern.storage.bucket}") String bucket;

  Tables tables;
  TernClient admin;
  TernClient operator;
  TernClient alice;
  TernClient bob;
  String aliceToken;

  @BeforeEach
  void setUp() {
    tables = new Tables(jdbc);
    tables.clear();
    TernClient anonymous = new TernClient(port);
    admin = anonymous.withBearer(TestCredentials.ADMIN_TOKEN);
    operator = anonymous.withBearer(admin.createToken("ops", "OPERATOR", "ops"));
    aliceToken = admin.createToken("alice-laptop", "SUBMITTER", "alice");
    alice = anonymous.withBearer(aliceToken);
    bob = anonymous.withBearer(admin.createToken("bob-ci", "SUBMITTER", "bob"));
  }

  @Test
  void anApplicationJarIsStoredWithItsJobClassesAndReadBackByItsOwner() throws Exception {
    byte[] jar = TestJars.application("com.acme", 1).build();
    Response r = alice.uploadArtifact(jar, "my-job-1.0.jar", null);

    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    String id = "sha256:" + sha256(jar);
    assertThat(r.location()).isEqualTo("/api/v1/artifacts/" + id);
    JsonNode view = r.body();
    assertThat(view.path("id").asString()).isEqualTo(id);
    assertThat(view.path("sha256").asString()).isEqualTo(sha256(jar));
    assertThat(view.path("name").asString()).isEqualTo("my-job-1.0.jar");
    assertThat(view.path("kind").asString()).isEqualTo("application");
    assertThat(view.path("size").asLong()).isEqualTo(jar.length);
    assertThat(view.path("owner").asString()).isEqualTo("alice");
    assertThat(view.path("pinned").asBoolean()).isFalse();
    assertThat(view.path("uploadedAt").asString()).isNotBlank();
    assertThat(strings(view.path("jobClasses"))).containsExactly("com.acme.CountJob", "com.acme.SquareJob");

    assertThat(alice.read("/api/v1/artifacts/" + id)).isEqualTo(view);
    assertThat(alice.read("/api/v1/artifacts")).containsExactly(view);
    TernClient.Download content = alice.download("/api/v1/artifacts/" + id + "/content");
    assertThat(content.status()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(jar);
    assertThat(content.header("Content-Type")).isEqualTo("application/java-archive");
    assertThat(content.header("Content-Length")).isEqualTo(Long.toString(jar.length));
    assertThat(content.header("Content-Disposition")).contains("attachment", "my-job-1.0.jar");
    assertThat(TestStorage.objects(bucket, "artifacts/")).containsKey("artifacts/" + sha256(jar) + ".json");

    // the same bytes again, as a multipart form: the same artifact, 200
    Response again = alice.uploadArtifactMultipart(jar, "other-name.jar");
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(view);
  }

  @Test
  void aFileNameWithQuotesAndNonAsciiIsDownloadedUnderASafelyEncodedName() {
    byte[] jar = TestJars.application("com.quote", 1).build();
    String id = alice.uploadArtifact(jar, "jöb \"1\";.jar").path("id").asString();
    TernClient.Download content = alice.download("/api/v1/artifacts/" + id + "/content");
    assertThat(content.header("Content-Disposition"))
        .startsWith("attachment; filename=")
        .contains("filename*=UTF-8''j%C3%B6b%20%221%22%3B.jar");
  }

  @Test
  void sameBytesAreStoredOnceAndAnotherOwnersUploadAnswersLikeAFreshOne() {
    byte[] jar = TestJars.application("com.twice", 1).build();
    Response first = alice.uploadArtifact(jar, "twice.jar", null);
    assertThat(first.status()).isEqualTo(201);
    Map<String, Long> objects = TestStorage.objects(bucket, "");

    Response repeated = alice.uploadArtifact(jar, "twice.jar", null);
    assertThat(repeated.status()).isEqualTo(200);
    assertThat(repeated.body()).isEqualTo(first.body());

    Response bobs = bob.uploadArtifact(jar, "twice.jar", null);
    assertThat(bobs.status()).as("no hint that alice stored these bytes").isEqualTo(201);
    assertThat(bobs.location()).isEqualTo(first.location());
    assertThat(bobs.body().path("owner").asString()).isEqualTo("bob");
    assertThat(bobs.body().path("id")).isEqualTo(first.body().path("id"));
    assertThat(TestStorage.objects(bucket, "")).as("nothing stored twice").isEqualTo(objects);

    // each owner sees its own upload; an operator sees both
    assertThat(alice.read("/api/v1/artifacts")).hasSize(1);
    assertThat(bob.read("/api/v1/artifacts").get(0).path("owner").asString()).isEqualTo("bob");
    assertThat(operator.read("/api/v1/artifacts")).hasSize(2);
    assertThat(operator.read("/api/v1/artifacts?name=twice.jar&limit=1")).hasSize(1);
  }

  @Test
  void anotherOwnersArtifactIsNotFoundLikeOneThatDoesNotExist() {
    String id = alice.uploadArtifact(TestJars.application("com.mine", 1).build(), "mine.jar").path("id").asString();
    String unknown = "sha256:" + "0".repeat(64);
    String before = tables.fingerprint();

    Response foreign = bob.get("/api/v1/artifacts/" + id);
    Response missing = bob.get("/api/v1/artifacts/" + unknown);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.problemType()).isEqualTo("not-found");
    assertThat(foreign.text("detail")).isEqualTo(missing.text("detail").replace(unknown, id));
    assertThat(bob.download("/api/v1/artifacts/" + id + "/content").status()).isEqualTo(404);
    assertThat(bob.delete("/api/v1/artifacts/" + id).status()).isEqualTo(404);
    assertThat(bob.post("/api/v1/artifacts/" + id + "/pin", null).status()).isEqualTo(404);
    assertThat(bob.read("/api/v1/artifacts")).isEmpty();
    assertThat(tables.fingerprint()).isEqualTo(before);
    assertThat(operator.read("/api/v1/artifacts/" + id).path("owner").asString()).isEqualTo("alice");
  }

  @Test
  void pinningIsShownAndUndone() {
    String id = alice.uploadArtifact(TestJars.application("com.pin", 1).build(), "pin.jar").path("id").asString();
    alice.post("/api/v1/artifacts/" + id + "/pin", null, 204);
    assertThat(alice.read("/api/v1/artifacts/" + id).path("pinned").asBoolean()).isTrue();
    alice.delete("/api/v1/artifacts/" + id + "/pin", 204);
    assertThat(alice.read("/api/v1/artifacts/" + id).path("pinned").asBoolean()).isFalse();
  }

  @Test
  void aNewVersionOfAFatJarStoresOnlyTheChangedChunks() {
    byte[] v1 = TestJars.fat("com.fat", 1, 6);
    byte[] v2 = TestJars.fat("com.fat", 2, 6);
    assertThat(sha256(v1)).isNotEqualTo(sha256(v2));
    alice.uploadArtifact(v1, "fat.jar");
    long before = bytes(TestStorage.objects(bucket, "packs/"));

    Response second = alice.uploadArtifact(v2, "fat.jar", null);
    assertThat(second.status()).isEqualTo(201);
    long added = bytes(TestStorage.objects(bucket, "packs/")) - before;

    assertThat(before).as("v1 is stored whole").isGreaterThan(v1.length * 9L / 10);
    assertThat(added).as("v2 (%d bytes) stores only what changed", v2.length).isLessThan(v2.length / 10);
    assertThat(alice.download("/api/v1/artifacts/" + second.body().path("id").asString() + "/content").body())
        .isEqualTo(v2);
  }

  @Test
  void aLibraryWithoutJobClassesIsAcceptedOnlyAsALibrary() {
    byte[] lib = TestJars.library("com.lib").build();
    Stored before = stored();
    Response application = alice.uploadArtifact(lib, "lib.jar", null);
    assertProblem(application, 400, "no-job-class", "CheckpointableJob", "kind=library");
    assertNothingStored(before);

    Response library = alice.uploadArtifact(lib, "lib.jar", "library");
    assertThat(library.status()).as(library.raw()).isEqualTo(201);
    assertThat(library.body().path("kind").asString()).isEqualTo("library");
    assertThat(library.body().path("jobClasses")).isEmpty();
  }

  @Test
  void whatIsNotAZipIsRefused() {
    Stored before = stored();
    assertProblem(alice.uploadArtifact("just some text, not a jar".getBytes(), "x.jar", null), 400, "not-a-zip",
        "not a zip archive");
    assertProblem(alice.uploadArtifact(new byte[0], "empty.jar", null), 400, "not-a-zip");
    assertNothingStored(before);
  }

  @Test
  void aZipThatIsNotAJarIsRefused() {
    byte[] zip = JarBuilder.jar().withoutManifest().entry("README.md", "# hello").entry("data/x.csv", "1,2").build();
    Stored before = stored();
    assertProblem(alice.uploadArtifact(zip, "docs.zip", null), 400, "not-a-jar", ".class", "META-INF/MANIFEST.MF");
    assertNothingStored(before);
  }

  @Test
  void aZipBombIsRefusedWhileInflating() {
    long limit = properties.maxExpandedSize().toBytes();
    JarBuilder ratioBomb = TestJars.application("com.bomb", 1).entry("zeros.bin", new byte[8 << 20]);
    JarBuilder totalBomb = TestJars.application("com.bomb", 1);
    for (int i = 0; i * (1L << 20) <= limit; i++) {
      totalBomb.entry("part-" + i + ".bin", new byte[1 << 20]); // each at the ratio floor, together past the limit
    }
    Stored before = stored();
    assertProblem(alice.uploadArtifact(ratioBomb.build(), "bomb.jar", null), 400, "zip-bomb", "zeros.bin",
        "tern.artifacts.max-entry-ratio");
    assertProblem(alice.uploadArtifact(totalBomb.build(), "bomb.jar", null), 400, "zip-bomb",
        "more than " + limit + " bytes", "tern.artifacts.max-expanded-size");
    assertNothingStored(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc/evil.class", "com/acme/../../../evil.class", "/etc/cron.d/evil",
      "com\\acme\\Evil.class", "com/acme/Evil\0.class"})
  void entryNamesThatCouldEscapeADirectoryAreRefused(String name) {
    byte[] jar = TestJars.application("com.names", 1).entry(name, "x").build();
    Stored before = stored();
    Response r = alice.uploadArtifact(jar, "names.jar", null);
    assertProblem(r, 400, "unsafe-jar-entry", "relative paths");
    assertNothingStored(before);
  }

  @Test
  void anUploadCutOffMidwayStoresNothingAndLeavesNoTemporaryFile() throws Exception {
    byte[] jar = TestJars.fat("com.cut", 1, 4);
    Stored before = stored();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(headers("POST", "/api/v1/artifacts?name=cut.jar", jar.length));
      out.write(jar, 0, jar.length / 2);
      out.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> spoolFiles() > 0);
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(spoolFiles()).isZero());
    assertNothingStored(before);
  }

  @Test
  void anUploadOverTheLimitIsRefusedFromItsHeadersBeforeTheBodyIsRead() throws Exception {
    long max = properties.maxSize().toBytes();
    Stored before = stored();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(headers("POST", "/api/v1/artifacts?name=huge.jar", max + 1));
      socket.getOutputStream().flush();
      String answer = readAnswer(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer).contains("application/problem+json", "payload-too-large", Long.toString(max));
    }
    assertNothingStored(before);
  }

  @Test
  void aChunkedUploadIsCutOffOneBytePastTheLimit() throws Exception {
    long max = properties.maxSize().toBytes();
    byte[] body = new byte[(int) max + (1 << 20)];
    Stored before = stored();
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/artifacts?name=big.jar"))
            .header("Authorization", "Bearer " + aliceToken)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("payload-too-large");
    assertNothingStored(before);
    assertThat(spoolFiles()).isZero();
  }

  @Test
  void otherMediaTypesAndMalformedIdsAreRefused() {
    Stored before = stored();
    Response text = alice.send("POST", "/api/v1/artifacts", "PK not a jar", "text/plain");
    assertProblem(text, 415, "unsupported-media-type", "application/java-archive");
    Response json = alice.send("POST", "/api/v1/artifacts", "{}", "application/json");
    assertProblem(json, 415, "unsupported-media-type");
    assertProblem(alice.send("POST", "/api/v1/artifacts", "garbage", "multipart/form-data; boundary=xyz"), 400,
        "invalid-request", "multipart");
    assertProblem(alice.send("POST", "/api/v1/artifacts", "--xyz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\n"
        + "1\r\n--xyz--\r\n", "multipart/form-data; boundary=xyz"), 400, "invalid-request", "'file'");
    assertProblem(alice.send("POST", "/api/v1/artifacts", null, null), 400, "not-a-zip");
    for (String bad : List.of("sha256:XYZ", "sha256:" + "A".repeat(64), "md5:" + "0".repeat(32), "1234")) {
      assertProblem(alice.get("/api/v1/artifacts/" + bad), 400, "invalid-artifact-id", "64 lower-case hex digits");
      assertProblem(alice.delete("/api/v1/artifacts/" + bad), 400, "invalid-artifact-id");
    }
    assertProblem(alice.uploadArtifact(TestJars.application("com.k", 1).build(), "k.jar", "plugin"), 400,
        "invalid-request", "'kind'");
    assertProblem(alice.uploadArtifact(TestJars.application("com.k", 1).build(), "bad\u202Ename.jar", null), 400,
        "invalid-request", "'name'");
    assertProblem(alice.get("/api/v1/artifacts?limit=0"), 400, "invalid-request", "'limit'");
    assertNothingStored(before);
  }

  // ---- helpers

  /** What an upload could change: the scheduler's tables and every object in the bucket. */
  record Stored(String tables, Map<String, Long> objects) {}

  private Stored stored() {
    return new Stored(tables.fingerprint(), TestStorage.objects(bucket, ""));
  }

  private void assertNothingStored(Stored before) {
    assertThat(stored()).as("nothing stored").isEqualTo(before);
    assertThat(alice.read("/api/v1/artifacts")).isEmpty();
    assertThat(spoolFiles()).as("no upload left in the spool").isZero();
  }

  private static void assertProblem(Response r, int status, String type, String... detail) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemType()).isEqualTo(type);
    assertThat(r.text("title")).isNotBlank();
    assertThat(r.text("detail")).isNotBlank();
    if (detail.length > 0) {
      assertThat(r.text("detail")).contains(detail);
    }
  }

  private long spoolFiles() {
    try (Stream<Path> files = Files.list(properties.spoolDir())) {
      return files.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private byte[] headers(String method, String path, long contentLength) {
    return (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + aliceToken
        + "\r\nContent-Type: application/java-archive\r\nContent-Length: " + contentLength + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder answer = new StringBuilder();
    byte[] buffer = new byte[8192];
    int n;
    try {
      while ((n = in.read(buffer)) > 0) {
        answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        if (answer.indexOf("\r\n\r\n") > 0 && answer.indexOf("}") > 0) {
          break;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      // the answer is what arrived
    }
    return answer.toString();
  }

  private static long bytes(Map<String, Long> objects) {
    return objects.values().stream().mapToLong(Long::longValue).sum();
  }

  private static List<String> strings(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
