package io.tern.worker;

import io.tern.image.ImageStore;
import io.tern.protocol.RegisterRequest;
import io.tern.worker.agent.OrphanedJobProcesses;
import io.tern.worker.agent.OrderWatch;
import io.tern.worker.agent.ShutdownDrain;
import io.tern.worker.agent.WorkerAgent;
import io.tern.worker.artifact.ArtifactCache;
import io.tern.worker.artifact.ArtifactCacheProperties;
import io.tern.worker.attempt.AttemptDirectories;
import io.tern.worker.attempt.SnapshotSpool;
import io.tern.worker.attempt.AttemptRunnerFactory;
import io.tern.worker.attempt.AttemptServices;
import io.tern.worker.attempt.ChildJobLauncher;
import io.tern.worker.attempt.StoreImageSink;
import io.tern.worker.classpath.JobClasspath;
import io.tern.worker.config.StorageProperties;
import io.tern.worker.logs.LogShipping;
import io.tern.worker.logs.StoreLogSink;
import io.tern.worker.config.WorkerProperties;
import io.tern.worker.scheduler.Backoff;
import io.tern.worker.scheduler.CredentialsFile;
import io.tern.worker.scheduler.HttpSchedulerClient;
import io.tern.worker.scheduler.Retrier;
import io.tern.worker.scheduler.SchedulerClient;
import io.tern.worker.sandbox.SandboxMode;
import io.tern.worker.sandbox.SandboxProperties;
import io.tern.worker.sandbox.SandboxSelector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The Tern worker: registers with the scheduler, runs each assigned attempt in its own child JVM,
 * checkpoints it to S3 and reports back.
 *
 * <p>Deliberately without auto-configuration (ADR 0001): in standalone mode it shares a JVM and a
 * classpath with the scheduler, whose JPA, Flyway and Tomcat must not be configured here. Every bean is
 * declared below.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({WorkerProperties.class, StorageProperties.class, io.tern.worker.logs.LogProperties.class, SandboxProperties.class,
    ArtifactCacheProperties.class})
public class WorkerApplication {

  /** Connect timeout for calls to the scheduler. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Timeout of a whole call to the scheduler. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** How long the scheduler may hold a long-poll for orders (it caps the wait at 30 s). */
  static final Duration ORDERS_WAIT = Duration.ofSeconds(25);

  /** Starts a worker; configuration comes from the usual Spring Boot sources ({@code tern.worker.*}, {@code tern.storage.*}). */
  public static void main(String[] args) {
    SpringApplicationBuilder builder = new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE);
    builder.application().setKeepAlive(true); // the worker's own threads are daemons
    ShutdownSignals.install(builder.run(args).getBean(WorkerLifecycle.class));
  }

  @Bean
  Clock workerClock() {
    return Clock.systemUTC();
  }

  @Bean
  WorkerExecutors workerExecutors(WorkerProperties worker) {
    return new WorkerExecutors(worker.name(), worker.slots());
  }

  @Bean
  SchedulerClient schedulerClient(WorkerProperties worker) {
    return new HttpSchedulerClient(worker.schedulerUrl(), worker.joinToken(), CONNECT_TIMEOUT, REQUEST_TIMEOUT,
        new CredentialsFile(worker.workDir().resolve("credentials")));
  }

  /**
   * The image store. The bucket is created if missing (idempotent); when storage cannot be reached
   * yet the worker still starts, and each checkpoint write reports the storage error until it can.
   */
  @Bean(destroyMethod = "close")
  ImageStore imageStore(StorageProperties storage) {
    io.tern.image.ImageStoreOptions options = io.tern.image.ImageStoreOptions.defaults()
        .withChunkReuseWindow(storage.chunkReuseWindow())
        .withManifestKey(storage.manifestKeyBytes());
    ImageStore store = ImageStore.connect(storage.toSettings(), options);
    try {
      store.ensureBucket();
    } catch (java.io.IOException e) {
      LoggerFactory.getLogger(WorkerApplication.class)
          .warn("cannot make sure bucket '{}' exists yet: {}", storage.bucket(), e.getMessage());
    }
    return store;
  }

  @Bean
  AttemptDirectories attemptDirectories(WorkerProperties worker,
      @org.springframework.beans.factory.annotation.Value("${tern.worker.spool.dir:auto}") String spoolDir) {
    AttemptDirectories directories =
        new AttemptDirectories(worker.workDir(), SnapshotSpool.fromSetting(spoolDir, worker.workDir()));
    try {
      directories.claimWorkDir();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot prepare tern.worker.work-dir " + worker.workDir(), e);
    }
    return directories;
  }

  /**
   * The job sandbox ({@code tern.worker.sandbox.*}), chosen once at start; the log says which and why.
   * A worker on which no sandbox works does not start, unless {@code none} is configured.
   */
  @Bean
  SandboxSelector.Choice jobSandbox(SandboxProperties sandbox) {
    SandboxSelector.Choice choice = new SandboxSelector(sandbox, SandboxSelector.localHost()).choose();
    org.slf4j.Logger log = LoggerFactory.getLogger(WorkerApplication.class);
    if (choice.mode() == SandboxMode.NONE) {
      log.warn("JOB PROCESSES ARE NOT SANDBOXED: {}", choice.reason());
    } else if (choice.mode() == SandboxMode.UID) {
      log.warn("job sandbox: {}: {}", choice.sandbox(), choice.reason());
    } else {
      log.info("job sandbox: {}: {}", choice.sandbox(), choice.reason());
    }
    return choice;
  }

  /**
   * The cache of job artifacts, {@code <work-dir>/artifacts} (0700, jars 0444): prepared at start (leftover
   * downloads deleted, jars of an earlier run kept until verified at first use), filled from the image store.
   * Takes {@code directories} so that the work dir is claimed (checked, made private) before the cache
   * creates its folder in it.
   */
  @Bean
  ArtifactCache artifactCache(WorkerProperties worker, ArtifactCacheProperties settings, ImageStore images,
      AttemptDirectories directories, WorkerExecutors executors, Clock clock) {
    ArtifactCache cache = new ArtifactCache(worker.workDir().resolve("artifacts"), settings.cacheSize().toBytes(),
        images::openArtifact, executors.artifacts(), executors.timer(),
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> ThreadLocalRandom.current().nextDouble()), clock);
    try {
      cache.open();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot prepare the artifact cache " + cache.dir(), e);
    }
    return cache;
  }

  @Bean
  AttemptServices attemptServices(WorkerProperties worker, SchedulerClient scheduler, ImageStore images,
      ArtifactCache artifacts, AttemptDirectories directories, WorkerExecutors executors, Clock clock,
      SandboxSelector.Choice jobSandbox, io.tern.worker.logs.LogProperties logs,
      @org.springframework.beans.factory.annotation.Value("${tern.worker.max-output-bytes:10737418240}") long maxOutputBytes) {
    List<Path> classpath = new JobClasspath(worker.workDir(), WorkerApplication.class.getClassLoader())
        .resolve(worker.jobClasspath());
    Retrier retrier = new Retrier(executors.timer(),
        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), () -> ThreadLocalRandom.current().nextDouble()));
    return new AttemptServices(scheduler, new StoreImageSink(images, maxOutputBytes), artifacts,
        new ChildJobLauncher(worker.javaExecutable(), classpath, worker.jobJvmOptions(), jobSandbox.sandbox(), worker.slots()), directories,
        executors.launcher(), executors.timer(), executors.commits(), retrier, clock,
        new LogShipping(new StoreLogSink(images), logs.toSettings(), clock));
  }

  @Bean
  WorkerAgent workerAgent(WorkerProperties worker, SchedulerClient scheduler, AttemptServices services,
      WorkerExecutors executors, Clock clock) {
    RegisterRequest identity = new RegisterRequest(worker.name(), worker.slots(), worker.memoryMb(), worker.labels(), version());
    Backoff registerBackoff =
        new Backoff(Duration.ofMillis(250), Duration.ofSeconds(15), () -> ThreadLocalRandom.current().nextDouble());
    return new WorkerAgent(identity, scheduler, new AttemptRunnerFactory(services), executors.agent(), clock,
        registerBackoff, () -> ThreadLocalRandom.current().nextDouble());
  }

  @Bean
  OrderWatch orderWatch(WorkerAgent agent, SchedulerClient scheduler, WorkerExecutors executors) {
    return new OrderWatch(agent, scheduler, executors.orders(), ORDERS_WAIT,
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), () -> ThreadLocalRandom.current().nextDouble()));
  }

  @Bean
  WorkerLifecycle workerLifecycle(WorkerAgent agent, OrderWatch orders, AttemptDirectories directories,
      WorkerProperties worker, SchedulerClient scheduler, WorkerExecutors executors, Clock clock) {
    ShutdownDrain drain = new ShutdownDrain(agent::workerId, agent::attemptIds, agent::lastContact, scheduler,
        executors.shutdown(), clock, worker.shutdownDeadline(),
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), () -> ThreadLocalRandom.current().nextDouble()));
    return new WorkerLifecycle(agent, orders, directories, new OrphanedJobProcesses(worker.workDir()), drain);
  }

  private static String version() {
    String version = WorkerApplication.class.getPackage().getImplementationVersion();
    return version != null ? version : "dev";
  }
}
