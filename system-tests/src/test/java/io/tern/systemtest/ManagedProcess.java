package io.tern.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One OS process the harness started: a JVM running a main class from the test classpath with
 * Spring-style {@code --key=value} arguments, its stdout and stderr appended to a log file. It can be
 * killed hard ({@code kill -9}), paused and resumed ({@code kill -STOP/-CONT}) or stopped cleanly
 * (SIGTERM). Every descendant ever seen (job JVMs of a worker) is remembered, so that the harness can
 * still kill them after their parent died and they were re-parented to init.
 */
final class ManagedProcess {

  private final String name;
  private final List<String> command;
  private final Path log;
  private final Set<Long> seenDescendants = ConcurrentHashMap.newKeySet();
  private volatile Process process;

  private ManagedProcess(String name, List<String> command, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
  }

  /** A JVM running {@code mainClass} with the current test classpath and the given properties as arguments. */
  static ManagedProcess java(String name, String mainClass, List<String> jvmOptions, Map<String, String> properties, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    properties.forEach((k, v) -> command.add("--" + k + "=" + v));
    return new ManagedProcess(name, command, log);
  }

  /** Starts (or starts again) the process; output is appended to its log. */
  synchronized ManagedProcess start() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "=== starting " + name + "\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
    return this;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  long pid() {
    return requireProcess().pid();
  }

  boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The live descendants (job JVMs of a worker), also remembered for {@link #killDescendantsEverSeen()}. */
  List<ProcessHandle> descendants() {
    Process p = process;
    if (p == null) {
      return List.of();
    }
    List<ProcessHandle> now = p.descendants().filter(ProcessHandle::isAlive).toList();
    now.forEach(h -> seenDescendants.add(h.pid()));
    return now;
  }

  /** {@code kill -9}: no shutdown hook runs, the process's children are not told. */
  void kill9() {
    descendants();
    Process p = requireProcess();
    p.destroyForcibly();
    waitFor(p);
  }

  /** {@code kill -STOP}: the process is frozen (its children are not). */
  void pause() {
    signal("STOP");
  }

  /** {@code kill -CONT}. */
  void resume() {
    signal("CONT");
  }

  /** SIGTERM and wait: shutdown hooks run (a clean stop). */
  void stop() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    descendants();
    p.destroy();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        waitFor(p);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM without waiting: the process shuts down in its own time ({@link #awaitExit}). */
  void terminate() {
    descendants();
    requireProcess().destroy();
  }

  /** Waits up to {@code timeout} for the process to end and answers its exit status; fails if it has not ended. */
  int awaitExit(java.time.Duration timeout) {
    Process p = requireProcess();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not exit within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name, e);
    }
    return p.exitValue();
  }

  /** Kills the process (resuming it first if paused) and every descendant ever seen. Never throws. */
  void destroyAll() {
    Process p = process;
    if (p != null && p.isAlive()) {
      descendants();
      try {
        signal("CONT");
      } catch (RuntimeException ignored) {
        // already gone
      }
      p.destroyForcibly();
      waitFor(p);
    }
    killDescendantsEverSeen();
  }

  /** Kills every descendant that was ever seen and is still alive (re-parented orphans included). */
  void killDescendantsEverSeen() {
    for (long pid : seenDescendants) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private void signal(String signal) {
    long pid = pid();
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Process requireProcess() {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException(name + " was never started");
    }
    return p;
  }

  private static void waitFor(Process p) {
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    Process p = process;
    return name + (p == null ? " (not started)" : " (pid " + p.pid() + (p.isAlive() ? ")" : ", ended)"));
  }
}
