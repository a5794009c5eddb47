package io.tern.sdk.internal.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run one attempt in a child JVM.
 *
 * @param javaExecutable the {@code java} launcher, e.g. {@code <java.home>/bin/java}
 * @param classpath the child's classpath: the job-sdk jar (or classes directory) and the job's classes
 * @param heapMb the child's maximum heap ({@code -Xmx}), in MiB
 * @param attemptDir the attempt's private directory: working directory, {@code HOME}, socket and
 *     {@code output.log} (created if missing)
 * @param jobId the scheduler's id of the job
 * @param attemptNumber the attempt number (1, 2, ...)
 * @param jobClass the class implementing {@code io.tern.sdk.CheckpointableJob}
 * @param parameters the job's parameters
 * @param extraJvmArgs more JVM options, placed before the main class
 * @param sandbox what the child's command is started in ({@link ProcessSandbox#NONE}: as it is)
 */
public record ChildProcessSpec(Path javaExecutable, List<Path> classpath, int heapMb, Path attemptDir,
    String jobId, int attemptNumber, String jobClass, Map<String, String> parameters, List<String> extraJvmArgs,
    ProcessSandbox sandbox) {

  /** A spec whose child runs without a sandbox. */
  public ChildProcessSpec(Path javaExecutable, List<Path> classpath, int heapMb, Path attemptDir, String jobId,
      int attemptNumber, String jobClass, Map<String, String> parameters, List<String> extraJvmArgs) {
    this(javaExecutable, classpath, heapMb, attemptDir, jobId, attemptNumber, jobClass, parameters, extraJvmArgs,
        ProcessSandbox.NONE);
  }

  public ChildProcessSpec {
    Objects.requireNonNull(javaExecutable, "javaExecutable");
    classpath = List.copyOf(classpath);
    if (classpath.isEmpty()) {
      throw new IllegalArgumentException("the classpath must not be empty");
    }
    if (heapMb < 1) {
      throw new IllegalArgumentException("heapMb must be positive, got " + heapMb);
    }
    Objects.requireNonNull(attemptDir, "attemptDir");
    Objects.requireNonNull(jobId, "jobId");
    if (attemptNumber < 1) {
      throw new IllegalArgumentException("attemptNumber must be >= 1, got " + attemptNumber);
    }
    Objects.requireNonNull(jobClass, "jobClass");
    parameters = Map.copyOf(parameters);
    extraJvmArgs = extraJvmArgs == null ? List.of() : List.copyOf(extraJvmArgs);
    Objects.requireNonNull(sandbox, "sandbox");
  }

  /** The same spec with its child started inside {@code sandbox}. */
  public ChildProcessSpec withSandbox(ProcessSandbox sandbox) {
    return new ChildProcessSpec(javaExecutable, classpath, heapMb, attemptDir, jobId, attemptNumber, jobClass,
        parameters, extraJvmArgs, sandbox);
  }

  /** The java launcher of the JVM this code runs in. */
  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
