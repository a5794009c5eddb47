package io.tern.standalone;

import io.tern.scheduler.SchedulerApplication;
import io.tern.worker.WorkerApplication;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tern on one machine with one command: real PostgreSQL binaries, a real S3 server (s3proxy on the
 * file system), the scheduler and N workers, all on 127.0.0.1, all data under one folder. The
 * scheduler and the workers are the same applications that run in production, each in its own Spring
 * context; every job attempt still runs in its own child JVM.
 */
public final class TernStandalone implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TernStandalone.class);
  static final String BUCKET = "tern";

  private final StandaloneOptions options;
  private final EmbeddedPostgresServer postgres;
  private final EmbeddedS3Server s3;
  private final StandaloneSecrets secrets;
  private final ConfigurableApplicationContext scheduler;
  private final URI baseUrl;
  private final List<ConfigurableApplicationContext> workers = new ArrayList<>();

  private TernStandalone(
      StandaloneOptions options,
      EmbeddedPostgresServer postgres,
      EmbeddedS3Server s3,
      StandaloneSecrets secrets,
      ConfigurableApplicationContext scheduler) {
    this.options = options;
    this.postgres = postgres;
    this.s3 = s3;
    this.secrets = secrets;
    this.scheduler = scheduler;
    String port = scheduler.getEnvironment().getProperty("local.server.port");
    this.baseUrl = URI.create("http://" + hostForUrl(options.bindAddress()) + ":" + port);
  }

  /** Starts everything; on failure stops what was already started. */
  public static TernStandalone start(StandaloneOptions options) throws Exception {
    Path dataDir = options.dataDir().toAbsolutePath();
    Files.createDirectories(dataDir);
    Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    StandaloneSecrets secrets = StandaloneSecrets.loadOrCreate(dataDir);
    List<AutoCloseable> started = new ArrayList<>();
    try {
      EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(
          dataDir, secrets.databaseSuperuserPassword(), secrets.databasePassword());
      started.add(postgres);
      EmbeddedS3Server s3 = EmbeddedS3Server.start(dataDir.resolve("s3"), secrets.s3AccessKey(), secrets.s3SecretKey(),
          options.s3Port());
      started.add(s3);
      ConfigurableApplicationContext scheduler =
          new SpringApplicationBuilder(SchedulerApplication.class)
              .web(WebApplicationType.SERVLET)
              .run(args(schedulerProperties(options, postgres, s3, secrets)));
      started.add(scheduler);
      TernStandalone tern = new TernStandalone(options, postgres, s3, secrets, scheduler);
      for (int i = 1; i <= options.workers(); i++) {
        tern.startWorker("worker-" + i);
      }
      return tern;
    } catch (Exception | Error e) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Starts one more worker with the given name in this process. */
  public synchronized ConfigurableApplicationContext startWorker(String name) {
    return startWorker(name, Map.of());
  }

  /**
   * Starts one more worker with the given name in this process, with {@code overrides} replacing or
   * adding worker properties (e.g. {@code tern.worker.job-classpath}).
   */
  public synchronized ConfigurableApplicationContext startWorker(String name, Map<String, String> overrides) {
    Map<String, String> props = new LinkedHashMap<>(storageProperties(s3, secrets));
    props.put("spring.config.name", "tern-worker");
    props.put("spring.main.banner-mode", "off");
    props.put("spring.main.log-startup-info", "false");
    props.put("spring.main.register-shutdown-hook", "false"); // TernStandalone.close() stops things in order
    props.put("spring.application.name", name);
    props.put("tern.worker.name", name);
    props.put("tern.worker.scheduler-url", baseUrl.toString());
    props.put("tern.worker.join-token", secrets.workerJoinToken());
    props.put("tern.worker.slots", Integer.toString(options.slotsPerWorker()));
    props.put("tern.worker.memory-mb", Integer.toString(options.workerMemoryMb()));
    props.put("tern.worker.work-dir", options.dataDir().toAbsolutePath().resolve("workers").resolve(name).toString());
    props.put("tern.worker.job-classpath", "classpath-of:io.tern.examples.MonteCarloPiJob");
    // the whole cluster stops together: no worker would be left to take a drained job
    props.put("tern.worker.shutdown-deadline", "0s");
    props.putAll(overrides);
    ConfigurableApplicationContext worker =
        new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE).run(args(props));
    workers.add(worker);
    return worker;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public URI s3Endpoint() {
    return s3.endpoint();
  }

  public StandaloneOptions options() {
    return options;
  }

  /** The file holding the generated admin API token (owner read/write only). */
  public Path adminTokenFile() {
    return options.dataDir().toAbsolutePath().resolve(StandaloneSecrets.ADMIN_TOKEN_FILE);
  }

  ConfigurableApplicationContext schedulerContext() {
    return scheduler;
  }

  /** Stops the workers (their job processes end with them), then the scheduler, S3 and PostgreSQL. */
  @Override
  public synchronized void close() {
    for (int i = workers.size() - 1; i >= 0; i--) {
      closeQuietly(workers.get(i)::close, "worker");
    }
    workers.clear();
    closeQuietly(scheduler::close, "scheduler");
    closeQuietly(s3, "S3 server");
    closeQuietly(postgres, "PostgreSQL");
  }

  private static void closeQuietly(AutoCloseable c, String what) {
    try {
      c.close();
    } catch (Exception e) {
      log.warn("stopping the {} failed: {}", what, e.toString());
    }
  }

  private static Map<String, String> schedulerProperties(
      StandaloneOptions options, EmbeddedPostgresServer postgres, EmbeddedS3Server s3, StandaloneSecrets secrets) {
    Map<String, String> props = new LinkedHashMap<>(storageProperties(s3, secrets));
    props.put("spring.application.name", "tern-scheduler");
    props.put("spring.main.register-shutdown-hook", "false"); // TernStandalone.close() stops things in order
    props.put("server.address", options.bindAddress());
    props.put("server.port", Integer.toString(options.port()));
    props.put("spring.datasource.url", postgres.jdbcUrl());
    props.put("spring.datasource.username", postgres.username());
    props.put("spring.datasource.password", postgres.password());
    props.put("tern.scheduler.heartbeat-interval", options.heartbeatInterval().toMillis() + "ms");
    props.put("tern.scheduler.worker-timeout", options.workerTimeout().toMillis() + "ms");
    props.put("spring.quartz.properties.org.quartz.scheduler.instanceName", "tern-standalone");
    props.put("tern.scheduler.worker-join-token", secrets.workerJoinToken());
    props.put("tern.security.bootstrap-admin-token", secrets.adminToken());
    props.put("tern.artifacts.spool-dir", options.dataDir().toAbsolutePath().resolve("artifact-uploads").toString());
    return props;
  }

  private static Map<String, String> storageProperties(EmbeddedS3Server s3, StandaloneSecrets secrets) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("tern.storage.endpoint", s3.endpoint().toString());
    props.put("tern.storage.access-key", secrets.s3AccessKey());
    props.put("tern.storage.secret-key", secrets.s3SecretKey());
    props.put("tern.storage.bucket", BUCKET);
    props.put("tern.storage.manifest-key", secrets.manifestKey());
    return props;
  }

  /** Command-line arguments outrank application.yml, unlike SpringApplicationBuilder defaults. */
  private static String[] args(Map<String, String> props) {
    return props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }

  private static String hostForUrl(String bindAddress) {
    return switch (bindAddress) {
      case "0.0.0.0", "::", "" -> "127.0.0.1";
      default -> bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    };
  }

  public static void main(String[] argv) throws Exception {
    StandaloneOptions options;
    try {
      options = StandaloneOptions.parse(argv);
    } catch (StandaloneOptions.UsageException e) {
      if (e.getMessage() != null) {
        System.err.println("tern-standalone: " + e.getMessage());
      }
      System.err.print(StandaloneOptions.USAGE);
      System.exit(e.getMessage() == null ? 0 : 2);
      return;
    }
    TernStandalone tern = start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(tern::close, "tern-shutdown"));
    System.out.printf(
        """

        Tern is running.
          Dashboard and REST API: %s/   (OpenAPI: %s/swagger-ui.html)
          Admin API token:        in %s (send it as 'Authorization: Bearer <token>', or paste it at /login)
          Workers:                %d x %d slots
          Data:                   %s
          S3 (embedded):          %s  bucket '%s', credentials in %s
        Press Ctrl+C to stop; jobs resume from their checkpoints on the next start.
        %n""",
        tern.baseUrl(),
        tern.baseUrl(),
        tern.adminTokenFile(),
        options.workers(),
        options.slotsPerWorker(),
        options.dataDir().toAbsolutePath(),
        tern.s3Endpoint(),
        BUCKET,
        options.dataDir().toAbsolutePath().resolve("secrets.properties"));
  }
}
