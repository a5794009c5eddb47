package io.tern.bench;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.tern.image.StorageSettings;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * What uploading and fetching a job's jar costs, against the real standalone system (scheduler,
 * worker, embedded S3) started by this harness as a separate process:
 *
 * <ul>
 *   <li><b>upload</b>: {@code POST /api/v1/artifacts} of a fat jar (the job's class plus the classes
 *       of this harness's own dependency jars, padded with incompressible resources to the size
 *       asked for) until the answer, beside one plain MinIO-SDK PUT of the same file to the same S3
 *       server, interleaved per round. Each round is a new owner, so nothing is reused between
 *       rounds;
 *   <li><b>v2</b>: the same jar with the job's class recompiled with another constant, uploaded
 *       under the same name: the bytes it added to S3 (the size of the bucket's packs before and
 *       after);
 *   <li><b>first fetch</b>: the worker's fetch of the jar for the first job that names it (download,
 *       chunk and whole-file SHA-256 verification, fsync), as the worker logs it, beside one plain GET
 *       of the same bytes into a file with fsync.
 * </ul>
 *
 * <p>Run from the repository root after {@code ./mvnw -q package -DskipTests}:
 * {@code java -cp bench/target/tern-bench.jar io.tern.bench.ArtifactBenchmark [rounds] [sizeMiB]}.
 */
public final class ArtifactBenchmark {

  private static final String JOB_CLASS = "bench.uploaded.OneStepJob";
  private static final Pattern FETCHED =
      Pattern.compile("artifact sha256:([0-9a-f]{64}) fetched: (\\d+) bytes in (\\d+) ms");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ArtifactBenchmark() {}

  /** Entry point: rounds (default 5) and the jar's size in MiB (default 100). */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int sizeMiB = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Path work = Files.createTempDirectory("tern-artifact-bench");
    Path launcher = Path.of("standalone/target/tern-standalone.jar");
    if (!Files.isRegularFile(launcher)) {
      throw new IllegalStateException("run from the repository root after ./mvnw -q package -DskipTests");
    }
    int port = freePort();
    int s3Port = freePort();
    ConcurrentLinkedQueue<String> fetchLines = new ConcurrentLinkedQueue<>();
    Process tern = new ProcessBuilder(javaExecutable(), "-jar", launcher.toString(), "--data-dir",
        work.resolve("tern-data").toString(), "--port", Integer.toString(port), "--s3-port", Integer.toString(s3Port),
        "--workers", "1")
        .redirectErrorStream(true).start();
    Thread reader = new Thread(() -> collectFetchLines(tern.getInputStream(), fetchLines), "tern-output");
    reader.setDaemon(true);
    reader.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      Path data = work.resolve("tern-data");
      awaitUp(base, data.resolve("admin.token"), tern);
      String admin = Files.readString(data.resolve("admin.token")).trim();
      Properties secrets = new Properties();
      try (InputStream in = Files.newInputStream(data.resolve("secrets.properties"))) {
        secrets.load(in);
      }
      StorageSettings s3 = new StorageSettings("http://127.0.0.1:" + s3Port, secrets.getProperty("s3.access-key"),
          secrets.getProperty("s3.secret-key"), "tern", "", null);
      MinioClient minio = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey())
          .build();
      System.out.println("# artifact upload and fetch; cpus=" + Runtime.getRuntime().availableProcessors() + " java="
          + System.getProperty("java.version") + " jar=" + sizeMiB + "MiB rounds=" + rounds + " load=" + loadAverage());
      System.out.println("round  upload_ms  raw_put_ms  ratio  v2_bytes_to_s3  v2_ms  fetch_ms  raw_get_ms  ratio");
      List<double[]> rows = new ArrayList<>();
      try (RawObjects raw = new RawObjects(s3)) {
        for (int round = 1; round <= rounds; round++) {
          String owner = "bench-" + round;
          String token = createToken(base, admin, owner);
          Path v1 = fatJar(work.resolve("v1-" + round + ".jar"), sizeMiB, round, "1");
          Path v2 = fatJar(work.resolve("v2-" + round + ".jar"), sizeMiB, round, "2");
          long rawPut;
          long upload;
          if (round % 2 == 0) {
            rawPut = raw.put("bench/raw-" + round, v1);
            upload = upload(base, token, v1);
          } else {
            upload = upload(base, token, v1);
            rawPut = raw.put("bench/raw-" + round, v1);
          }
          long packsBefore = packBytes(minio);
          long v2Upload = upload(base, token, v2);
          long v2Bytes = packBytes(minio) - packsBefore;

          String digest = sha256Hex(v1);
          submit(base, token, digest);
          long fetchMs = awaitFetch(fetchLines, digest);
          Path copy = work.resolve("raw-get-" + round);
          long rawGet;
          try (FileOutputStream out = new FileOutputStream(copy.toFile())) {
            rawGet = raw.get("bench/raw-" + round, out);
            long syncStart = System.nanoTime();
            out.getFD().sync();
            rawGet += System.nanoTime() - syncStart;
          }
          Files.delete(copy);
          raw.delete("bench/raw-" + round);
          double[] row = {ms(upload), ms(rawPut), ms(upload) / ms(rawPut), v2Bytes, ms(v2Upload), fetchMs, ms(rawGet),
              fetchMs / ms(rawGet)};
          rows.add(row);
          System.out.printf(Locale.ROOT, "%5d  %9.0f  %10.0f  %5.2f  %14d  %5.0f  %8.0f  %10.0f  %5.2f%n", round, row[0],
              row[1], row[2], (long) row[3], row[4], row[5], row[6], row[7]);
          Files.delete(v1);
          Files.delete(v2);
        }
      }
      System.out.printf(Locale.ROOT,
          "median: upload %.0f ms vs raw PUT %.0f ms (ratio %.2f); v2 added %d bytes to S3 (%.2f %% of the jar) in %.0f ms;"
              + " first fetch %.0f ms vs raw GET %.0f ms (ratio %.2f); load %s%n",
          median(rows, 0), median(rows, 1), median(rows, 2), (long) median(rows, 3),
          100 * median(rows, 3) / (sizeMiB * 1048576.0), median(rows, 4), median(rows, 5), median(rows, 6),
          median(rows, 7), loadAverage());
    } finally {
      tern.destroy();
      tern.waitFor();
      try {
        deleteTree(work);
      } catch (IOException e) {
        System.err.println("left behind: " + work + " (" + e + ")");
      }
    }
  }

  /** A fat jar of about {@code sizeMiB}: the job's class first, then dependency classes, then padding. */
  static Path fatJar(Path target, int sizeMiB, int round, String version) throws IOException {
    long limit = (long) sizeMiB << 20;
    Set<String> names = new HashSet<>();
    SplittableRandom random = new SplittableRandom(round);
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(target))) {
      put(jar, names, "bench/uploaded/OneStepJob.class", compileJob(version));
      for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        if (!entry.endsWith(".jar") || Files.size(target) > limit * 3 / 4) {
          continue;
        }
        try (JarFile dependency = new JarFile(entry)) {
          for (JarEntry e : java.util.Collections.list(dependency.entries())) {
            if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/") && names.add(e.getName())) {
              jar.putNextEntry(new JarEntry(e.getName()));
              try (InputStream in = dependency.getInputStream(e)) {
                in.transferTo(jar);
              }
              jar.closeEntry();
            }
          }
        }
        jar.flush();
      }
      for (int i = 0; Files.size(target) < limit; i++) {
        byte[] resource = new byte[256 * 1024];
        random.nextBytes(resource);
        put(jar, names, String.format(Locale.ROOT, "assets/resource-%05d.bin", i), resource);
        jar.flush();
      }
    }
    return target;
  }

  private static void put(JarOutputStream jar, Set<String> names, String name, byte[] content) throws IOException {
    names.add(name);
    JarEntry entry = new JarEntry(name);
    entry.setTime(0);
    jar.putNextEntry(entry);
    jar.write(content);
    jar.closeEntry();
  }

  private static byte[] compileJob(String version) throws IOException {
    Path dir = Files.createTempDirectory("bench-job");
    try {
      Path source = dir.resolve("bench/uploaded/OneStepJob.java");
      Files.createDirectories(source.getParent());
      Files.writeString(source, """
          package bench.uploaded;

          import io.tern.sdk.CheckpointableJob;
          import io.tern.sdk.Codecs;
          import io.tern.sdk.JobContext;
          import io.tern.sdk.StateCodec;
          import io.tern.sdk.StepResult;
          import java.util.Map;

          public final class OneStepJob implements CheckpointableJob<long[]> {
            static final String VERSION = "%s";

            public long[] init(JobContext ctx) { return new long[1]; }

            public StepResult step(long[] s, JobContext ctx) { s[0]++; return StepResult.DONE; }

            public StateCodec<long[]> codec() { return Codecs.longArray(); }

            public Map<String, Object> result(long[] s, JobContext ctx) { return Map.of("version", VERSION); }
          }
          """.formatted(version));
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      int rc = compiler.run(null, null, errors, "--release", "17", "-classpath", System.getProperty("java.class.path"),
          "-d", dir.toString(), source.toString());
      if (rc != 0) {
        throw new IllegalStateException(errors.toString(StandardCharsets.UTF_8));
      }
      return Files.readAllBytes(dir.resolve("bench/uploaded/OneStepJob.class"));
    } finally {
      deleteTree(dir);
    }
  }

  private static long upload(URI base, String token, Path jar) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/artifacts?name=bench-job.jar"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/java-archive")
        .POST(HttpRequest.BodyPublishers.ofFile(jar)).build(), HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - start;
    if (answer.statusCode() != 201) {
      throw new IllegalStateException("upload answered " + answer.statusCode() + ": " + answer.body());
    }
    return nanos;
  }

  private static void submit(URI base, String token, String digest) throws Exception {
    String body = "{\"name\":\"bench\",\"entryClass\":\"" + JOB_CLASS + "\",\"artifacts\":[\"sha256:" + digest + "\"]}";
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/jobs"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) {
      throw new IllegalStateException("submit answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private static String createToken(URI base, String admin, String owner) throws Exception {
    String body = "{\"name\":\"" + owner + "\",\"role\":\"SUBMITTER\",\"owner\":\"" + owner + "\"}";
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/tokens"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
    if (answer.statusCode() != 201 || !m.find()) {
      throw new IllegalStateException("token creation answered " + answer.statusCode() + ": " + answer.body());
    }
    return m.group(1);
  }

  private static long awaitFetch(ConcurrentLinkedQueue<String> lines, String digest) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        Matcher m = FETCHED.matcher(line);
        if (m.find() && m.group(1).equals(digest)) {
          return Long.parseLong(m.group(3));
        }
      }
      Thread.sleep(50); // polling the worker's log lines for the fetch
    }
    throw new IllegalStateException("the worker did not log a fetch of sha256:" + digest);
  }

  private static void collectFetchLines(InputStream output, ConcurrentLinkedQueue<String> lines) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.contains(" fetched: ")) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static void awaitUp(URI base, Path tokenFile, Process tern) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!tern.isAlive()) {
        throw new IllegalStateException("tern-standalone exited with " + tern.exitValue());
      }
      if (Files.exists(tokenFile)) {
        try {
          HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/workers"))
              .header("Authorization", "Bearer " + Files.readString(tokenFile).trim()).build(),
              HttpResponse.BodyHandlers.discarding());
          if (answer.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
      }
      Thread.sleep(250); // polling for the start of the system
    }
    throw new IllegalStateException("tern-standalone did not start within 3 minutes");
  }

  private static long packBytes(MinioClient minio) throws Exception {
    long total = 0;
    for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket("tern").prefix("packs/").recursive(true)
        .build())) {
      total += item.get().size();
    }
    return total;
  }

  private static String sha256Hex(Path file) throws Exception {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  private static double median(List<double[]> rows, int column) {
    double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return values.length % 2 == 1 ? values[values.length / 2]
        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
