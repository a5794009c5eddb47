package io.tern.worker.config;

import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.worker.*}: who this worker is, where its scheduler is, what it offers, and how it starts
 * job processes. Validated when the application starts; a bad value stops the worker with a message
 * that names the property.
 *
 * @param name the worker's name, unique in the cluster (default: the host name); registering again
 *     under the same name gives back the same worker id
 * @param schedulerUrl base URL of the scheduler, for instance {@code http://127.0.0.1:8080} (required)
 * @param slots how many attempts may run at once (default 2, at least 1)
 * @param memoryMb memory offered to jobs, in MiB (default 4096, at least 64)
 * @param workDir where attempt directories, logs and extracted jars live (default
 *     {@code <java.io.tmpdir>/tern-worker/<name>})
 * @param javaHome the JDK or JRE whose {@code bin/java} runs jobs (default: the worker's own {@code java.home})
 * @param jobClasspath the job classpath: each entry a path, or {@code classpath-of:<class name>}
 * @param labels the worker's labels ({@code tern.worker.labels.<key>=<value>}), matched against job
 *     constraints (default none)
 * @param joinToken the cluster's join token (the scheduler's {@code tern.scheduler.worker-join-token});
 *     exchanged at registration for this worker's own secret (required; never logged, never passed to
 *     job processes)
 * @param jobJvmOptions extra options for every job JVM, after the worker's own ({@code -Xmx} from the
 *     job's memory, {@code -XX:+UseSerialGC}); default {@code -XX:+UseTransparentHugePages}: a job
 *     restoring a large image writes it into fresh heap, and with 2 MiB pages that costs one page
 *     fault per 2 MiB instead of per 4 KiB (a 256 MiB restore into a new JVM took half the time here).
 *     Set it empty to disable. Options that would override the worker's ({@code -Xmx}, {@code -cp},
 *     {@code -classpath}, {@code --class-path}, {@code -jar}) are refused
 * @param shutdownDeadline how long a worker that is told to stop (SIGTERM, the context closing) may
 *     spend draining itself: it asks the scheduler to checkpoint and move each of its jobs elsewhere
 *     and waits for them to leave, at most this long, before it kills what is left (default 5m; 0s
 *     skips the drain and stops at once, the jobs restarting from their latest image; at most 7d).
 *     An orchestrator's grace period must exceed it ({@code terminationGracePeriodSeconds})
 */
@ConfigurationProperties("tern.worker")
public record WorkerProperties(
    String name,
    URI schedulerUrl,
    @DefaultValue("2") int slots,
    @DefaultValue("4096") long memoryMb,
    Path workDir,
    Path javaHome,
    List<String> jobClasspath,
    String joinToken,
    Map<String, String> labels,
    List<String> jobJvmOptions,
    @DefaultValue("5m") Duration shutdownDeadline) {

  /** The job JVM options used when {@code tern.worker.job-jvm-options} is not set. */
  public static final List<String> DEFAULT_JOB_JVM_OPTIONS = List.of("-XX:+UseTransparentHugePages");

  /** The longest {@code tern.worker.shutdown-deadline}: a week, the longest drain deadline the scheduler takes. */
  public static final Duration MAX_SHUTDOWN_DEADLINE = Duration.ofDays(7);

  /** Checks every value and fills in the defaults that depend on the machine. */
  public WorkerProperties {
    if (name == null || name.isBlank()) {
      name = localHostName();
    }
    if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException(
          "tern.worker.name must be 1-100 letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    if (schedulerUrl == null) {
      throw new IllegalArgumentException(
          "tern.worker.scheduler-url is required, for instance http://127.0.0.1:8080");
    }
    if (!"http".equals(schedulerUrl.getScheme()) && !"https".equals(schedulerUrl.getScheme())
        || schedulerUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "tern.worker.scheduler-url must be an http(s) URL with a host, got '" + schedulerUrl + "'");
    }
    if (slots < 1) {
      throw new IllegalArgumentException("tern.worker.slots must be at least 1, got " + slots);
    }
    if (memoryMb < 64) {
      throw new IllegalArgumentException("tern.worker.memory-mb must be at least 64, got " + memoryMb);
    }
    if (workDir == null) {
      workDir = Path.of(System.getProperty("java.io.tmpdir"), "tern-worker", name);
    }
    workDir = workDir.toAbsolutePath().normalize();
    if (javaHome == null) {
      javaHome = Path.of(System.getProperty("java.home"));
    }
    javaHome = javaHome.toAbsolutePath().normalize();
    jobClasspath = jobClasspath == null ? List.of() : List.copyOf(jobClasspath);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (joinToken == null || joinToken.isBlank()) {
      throw new IllegalArgumentException(
          "tern.worker.join-token is required: the value of the scheduler's tern.scheduler.worker-join-token");
    }
    joinToken = joinToken.trim();
    jobJvmOptions = jobJvmOptions == null ? DEFAULT_JOB_JVM_OPTIONS
        : jobJvmOptions.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
    if (shutdownDeadline == null) {
      shutdownDeadline = Duration.ofMinutes(5);
    }
    if (shutdownDeadline.isNegative() || shutdownDeadline.compareTo(MAX_SHUTDOWN_DEADLINE) > 0
        || shutdownDeadline.toNanos() % 1_000_000_000L != 0) {
      throw new IllegalArgumentException("tern.worker.shutdown-deadline must be whole seconds between 0s (no drain"
          + " on shutdown) and 7d, got " + shutdownDeadline);
    }
    for (String option : jobJvmOptions) {
      if (!option.startsWith("-") || option.startsWith("-Xmx") || option.equals("-cp") || option.equals("-classpath")
          || option.equals("--class-path") || option.equals("-jar")) {
        throw new IllegalArgumentException("tern.worker.job-jvm-options: '" + option + "' is not allowed (options start"
            + " with '-'; the heap comes from each job's memoryMb, the classpath from tern.worker.job-classpath)");
      }
    }
  }

  /** Never prints the join token. */
  @Override
  public String toString() {
    return "WorkerProperties[name=" + name + ", schedulerUrl=" + schedulerUrl + ", slots=" + slots + ", memoryMb="
        + memoryMb + ", workDir=" + workDir + ", javaHome=" + javaHome + ", jobClasspath=" + jobClasspath
        + ", jobJvmOptions=" + jobJvmOptions + ", shutdownDeadline=" + shutdownDeadline + ", joinToken=***]";
  }

  /** The {@code java} launcher that runs job processes. */
  public Path javaExecutable() {
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    return javaHome.resolve("bin").resolve(windows ? "java.exe" : "java");
  }

  private static String localHostName() {
    try {
      String host = java.net.InetAddress.getLocalHost().getHostName();
      return host.replaceAll("[^A-Za-z0-9._-]", "-");
    } catch (UnknownHostException e) {
      return "worker";
    }
  }
}
