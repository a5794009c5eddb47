package io.tern.standalone;

import java.util.List;

/**
 * Finds the job processes (child JVMs) that the in-process workers of a test started: the JVMs
 * themselves, not the bubblewrap processes around them (whose command lines name the JVM's too).
 */
final class ChildProcesses {

  private ChildProcesses() {}

  static List<ProcessHandle> jobProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .filter(p -> p.info().commandLine().map(c -> c.contains("io.tern.sdk.internal.runtime.ChildMain")).orElse(false))
        .toList();
  }
}
