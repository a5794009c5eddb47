package io.tern.worker.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.tern.image.ChunkRef;
import io.tern.image.ImageStore;
import io.tern.image.ImageStoreOptions;
import io.tern.image.ManifestKeys;
import io.tern.image.StorageSettings;
import io.tern.protocol.Assignment;
import io.tern.protocol.Assignment.JobArtifact;
import io.tern.protocol.AttemptFinished;
import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.internal.host.ChildProcessSpec;
import io.tern.sdk.internal.host.ProcessSandbox;
import io.tern.testsupport.JarBuilder;
import io.tern.testsupport.S3ProxyServer;
import io.tern.worker.artifact.ArtifactCache;
import io.tern.worker.sandbox.BubblewrapSandbox;
import io.tern.worker.sandbox.SandboxProperties;
import io.tern.worker.sandbox.SandboxSelector;
import io.tern.worker.sandbox.SeparateUidSandbox;
import io.tern.worker.scheduler.Backoff;
import io.tern.worker.scheduler.Retrier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs that bring their own code: jars compiled during the test (their classes are on no class path of
 * the worker) stored in a real S3 server through the image store, fetched into the worker's artifact
 * cache and run by the real launcher in a real job sandbox, through the attempt runner.
 */
class ArtifactCacheIT {

  private static final String MANIFEST_KEY = "6b".repeat(32);
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** Sums 1..n, one number per step; its result also says where its class was loaded from. */
  private static final String SUM_JOB = """
      package com.example.uploaded;

      import io.tern.sdk.CheckpointableJob;
      import io.tern.sdk.Codecs;
      import io.tern.sdk.JobContext;
      import io.tern.sdk.StateCodec;
      import io.tern.sdk.StepResult;
      import java.util.Map;

      public final class SumJob implements CheckpointableJob<long[]> {
        public long[] init(JobContext ctx) { return new long[2]; }

        public StepResult step(long[] s, JobContext ctx) {
          s[0]++;
          s[1] += s[0];
          return s[0] >= ctx.longParam("n", 10) ? StepResult.DONE : StepResult.CONTINUE;
        }

        public StateCodec<long[]> codec() { return Codecs.longArray(); }

        public Map<String, Object> result(long[] s, JobContext ctx) {
          return Map.of("sum", s[1], "codeSource", SumJob.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        }
      }
      """;

  /**
   * Tries, from inside the sandbox, to read its own jar, write it, list the cache folder and read another
   * cached artifact (paths from its parameters); each result is "read <n> bytes", "wrote", "listed [...]"
   * or "refused: <exception>".
   */
  private static final String PROBE_JOB = """
      package com.example.uploaded;

      import io.tern.sdk.CheckpointableJob;
      import io.tern.sdk.Codecs;
      import io.tern.sdk.JobContext;
      import io.tern.sdk.StateCodec;
      import io.tern.sdk.StepResult;
      import java.io.OutputStream;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.nio.file.StandardOpenOption;
      import java.util.LinkedHashMap;
      import java.util.Map;
      import java.util.concurrent.Callable;
      import java.util.stream.Stream;

      public final class ArtifactProbeJob implements CheckpointableJob<long[]> {
        public long[] init(JobContext ctx) { return new long[1]; }

        public StepResult step(long[] s, JobContext ctx) { return StepResult.DONE; }

        public StateCodec<long[]> codec() { return Codecs.longArray(); }

        public Map<String, Object> result(long[] s, JobContext ctx) {
          Path own = Path.of(ctx.param("ownJar", ""));
          Path other = Path.of(ctx.param("otherJar", ""));
          Path cache = Path.of(ctx.param("cacheDir", ""));
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("readOwn", probe(() -> "read " + Files.readAllBytes(own).length + " bytes"));
          r.put("writeOwn", probe(() -> {
            try (OutputStream out = Files.newOutputStream(own, StandardOpenOption.WRITE)) {
              out.write(0);
            }
            return "wrote";
          }));
          r.put("listCache", probe(() -> {
            try (Stream<Path> files = Files.list(cache)) {
              return "listed " + files.map(p -> p.getFileName().toString()).sorted().toList();
            }
          }));
          r.put("readOther", probe(() -> "read " + Files.readAllBytes(other).length + " bytes"));
          return r;
        }

        private static String probe(Callable<String> c) {
          try {
            return c.call();
          } catch (Exception e) {
            return "refused: " + e;
          }
        }
      }
      """;

  @TempDir static Path shared;
  @TempDir Path work;

  private static S3ProxyServer s3;
  private static ImageStore images;
  private static Path sumJar;
  private static Path probeJar;

  private final List<String> events = new ArrayList<>();
  private final RecordingScheduler scheduler = new RecordingScheduler(events);
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger launches = new AtomicInteger();
  private ArtifactCache cache;

  @BeforeAll
  static void startStorageAndBuildJars() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    images = ImageStore.connect(new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(),
        "artifacts-it", "it/", null), ImageStoreOptions.defaults().withManifestKey(ManifestKeys.decode(MANIFEST_KEY, "key")));
    images.ensureBucket();
    sumJar = compileJar(shared.resolve("sum"), "com.example.uploaded.SumJob", SUM_JOB);
    probeJar = compileJar(shared.resolve("probe"), "com.example.uploaded.ArtifactProbeJob", PROBE_JOB);
  }

  @AfterAll
  static void stopStorage() throws Exception {
    if (images != null) {
      images.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @AfterEach
  void stopThreads() {
    timer.shutdownNow();
    threads.shutdownNow();
  }

  @Test
  void aJobWhoseClassIsOnlyInItsUploadedJarRunsInTheSandboxAndProducesItsResult() throws Exception {
    assertNotOnTheWorkersClassPath("com.example.uploaded.SumJob");
    JobArtifact jar = upload(sumJar, "alice");

    AttemptFinished finished = run(bubblewrap(), "com.example.uploaded.SumJob", Map.of("n", "100"), jar);

    assertThat(finished.outcome()).as(finished.toString()).isEqualTo(AttemptFinished.SUCCEEDED);
    JsonNode result = JsonMapper.builder().build().readTree(finished.resultJson());
    assertThat(result.path("sum").asLong()).isEqualTo(5050);
    assertThat(result.path("codeSource").asString()).isEqualTo(cache.dir().resolve(jar.sha256Hex() + ".jar").toString());
    assertThat(scheduler.started).hasSize(1);
  }

  @Test
  void inTheSandboxAJobReadsItsOwnJarButCannotWriteItNorSeeAnythingElseOfTheCache() throws Exception {
    JobArtifact own = upload(probeJar, "alice");
    JobArtifact other = upload(sumJar, "bob");
    newCache();
    Path otherJar = cache.acquire(List.of(other)).get().jars().get(0); // in the cache, held by another attempt
    Path ownJar = cache.dir().resolve(own.sha256Hex() + ".jar");

    AttemptFinished finished = run(bubblewrap(), "com.example.uploaded.ArtifactProbeJob", Map.of(
        "ownJar", ownJar.toString(), "otherJar", otherJar.toString(), "cacheDir", cache.dir().toString()), own);

    assertThat(finished.outcome()).as(finished.toString()).isEqualTo(AttemptFinished.SUCCEEDED);
    JsonNode result = JsonMapper.builder().build().readTree(finished.resultJson());
    assertThat(result.path("readOwn").asString()).isEqualTo("read " + Files.size(ownJar) + " bytes");
    assertThat(result.path("writeOwn").asString()).startsWith("refused: java.nio.file.");
    assertThat(result.path("listCache").asString()).as("the cache folder shows the job's own jar only")
        .isEqualTo("listed [" + own.sha256Hex() + ".jar]");
    assertThat(result.path("readOther").asString()).startsWith("refused: java.nio.file.NoSuchFileException");
    // all of it is there and readable from the worker's side
    assertThat(Files.readAllBytes(otherJar)).hasSize((int) other.size());
    assertThat(sha256(Files.readAllBytes(ownJar))).isEqualTo(own.sha256Hex());
  }

  @Test
  void inTheUidModeTheJobRunsItsJarAndCanNeitherWriteItNorListTheCache() throws Exception {
    // the folders above the work dir must be searchable by the job's uid (a @TempDir is private)
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    JobArtifact own = upload(probeJar, "alice");
    JobArtifact other = upload(sumJar, "bob");
    newCache();
    Path otherJar = cache.acquire(List.of(other)).get().jars().get(0);
    Path ownJar = cache.dir().resolve(own.sha256Hex() + ".jar");
    SandboxProperties d = SandboxProperties.defaults();

    AttemptFinished finished = run(new SeparateUidSandbox(d.setpriv(), d.uid(), d.gid()),
        "com.example.uploaded.ArtifactProbeJob", Map.of("ownJar", ownJar.toString(), "otherJar", otherJar.toString(),
            "cacheDir", cache.dir().toString()), own);

    assertThat(finished.outcome()).as(finished.toString()).isEqualTo(AttemptFinished.SUCCEEDED);
    JsonNode result = JsonMapper.builder().build().readTree(finished.resultJson());
    assertThat(result.path("readOwn").asString()).isEqualTo("read " + Files.size(ownJar) + " bytes");
    assertThat(result.path("writeOwn").asString()).startsWith("refused: java.nio.file.AccessDeniedException");
    assertThat(result.path("listCache").asString()).startsWith("refused: java.nio.file.AccessDeniedException");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.dir()))).as("searchable, not listable").isEqualTo("rwx-----x");
  }

  @Test
  void aJarDamagedInStorageFailsTheAttemptWithTheReasonAndTheJobNeverRuns() throws Exception {
    byte[] bytes = Files.readAllBytes(sumJar);
    byte[] variant = java.util.Arrays.copyOf(bytes, bytes.length + 64); // other bytes: chunks of its own
    JobArtifact jar = upload(variant, "carol");
    ChunkRef chunk = images.readManifest("artifacts/" + jar.sha256Hex() + ".json").chunks().get(0);
    flipByte(chunk.objectKey(), chunk.offset() + chunk.storedSize() / 2);

    AttemptFinished finished = run(bubblewrap(), "com.example.uploaded.SumJob", Map.of("n", "100"), jar);

    assertThat(finished.outcome()).isEqualTo(AttemptFinished.FAILED);
    assertThat(finished.error()).startsWith("artifact " + jar.digest() + " could not be fetched: ")
        .contains(ArtifactCache.FETCH_TRIES + " downloads failed");
    assertThat(launches).as("no job process was launched").hasValue(0);
    assertThat(scheduler.started).isEmpty();
    try (Stream<Path> files = Files.list(cache.dir())) {
      assertThat(files).as("nothing of the damaged downloads is left").isEmpty();
    }
  }

  // ---- harness --------------------------------------------------------------------------------

  private void newCache() throws IOException {
    if (cache == null) {
      new AttemptDirectories(work.resolve("w")).claimWorkDir(); // as the worker does before it opens its cache
      cache = new ArtifactCache(work.resolve("w/artifacts"), 64L << 20, images::openArtifact, threads, timer,
          new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), () -> 0.5), Clock.systemUTC());
      cache.open();
    }
  }

  /** Runs one attempt of {@code jobClass} from {@code artifacts} to its end; returns what was reported. */
  private AttemptFinished run(ProcessSandbox sandbox, String jobClass, Map<String, String> parameters,
      JobArtifact... artifacts) throws Exception {
    newCache();
    AttemptDirectories directories = new AttemptDirectories(work.resolve("w"));
    directories.claimWorkDir();
    ChildJobLauncher real = new ChildJobLauncher(ChildProcessSpec.currentJava(), List.of(sdkLocation()), List.of(),
        sandbox, 1);
    JobLauncher counting = (assignment, jars, dir) -> {
      launches.incrementAndGet();
      return real.launch(assignment, jars, dir);
    };
    AttemptServices services = new AttemptServices(scheduler, new FakeImageSink(events), cache, counting, directories,
        threads, timer, threads, new Retrier(timer, new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), () -> 0.5)),
        Clock.systemUTC(), new io.tern.worker.logs.LogShipping(new io.tern.worker.logs.MemoryLogSink(),
            io.tern.worker.logs.LogSettings.DEFAULTS, Clock.systemUTC()));
    Assignment assignment = new Assignment(31, 30, 1, jobClass, parameters, 1, 128, 0, null, null, "alice",
        List.of(artifacts));
    AttemptRunner runner = new AttemptRunner(7, assignment, services);
    runner.start();
    await().atMost(PATIENCE).until(() -> runner.done().isDone());
    assertThat(scheduler.finished).hasSize(1);
    return scheduler.finished.get(0);
  }

  private static ProcessSandbox bubblewrap() {
    SandboxProperties d = SandboxProperties.defaults();
    return new BubblewrapSandbox(d.bwrap(), d.setpriv(), SandboxSelector.localHost().isRoot(), d.uid(), d.gid(), false);
  }

  private static JobArtifact upload(Path jar, String owner) throws Exception {
    return upload(Files.readAllBytes(jar), owner);
  }

  private static JobArtifact upload(byte[] bytes, String owner) throws Exception {
    String hex = sha256(bytes);
    images.writeArtifact(hex, new ByteArrayInputStream(bytes), null, owner);
    return new JobArtifact("sha256:" + hex, bytes.length);
  }

  /** Inverts one byte of a stored object, through a plain S3 client: storage damaged behind the store's back. */
  private static void flipByte(String key, long position) throws Exception {
    MinioClient raw = s3.client();
    String object = images.settings().objectKey(key);
    byte[] bytes;
    try (GetObjectResponse in = raw.getObject(GetObjectArgs.builder().bucket("artifacts-it").object(object).build())) {
      bytes = in.readAllBytes();
    }
    bytes[Math.toIntExact(position)] ^= (byte) 0xff;
    raw.putObject(PutObjectArgs.builder().bucket("artifacts-it").object(object)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
  }

  private static void assertNotOnTheWorkersClassPath(String className) {
    assertThat(ArtifactCacheIT.class.getClassLoader().getResource(className.replace('.', '/') + ".class")).isNull();
  }

  private static Path sdkLocation() throws Exception {
    return Path.of(CheckpointableJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Compiles {@code source} against the job-sdk into a jar of its own. */
  private static Path compileJar(Path dir, String className, String source) throws Exception {
    Files.createDirectories(dir);
    return JarBuilder.jar().compileAgainst(CheckpointableJob.class).source(className, source)
        .writeTo(dir, className.substring(className.lastIndexOf('.') + 1) + ".jar");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
