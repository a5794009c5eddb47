package io.tern.sdk.internal.host;

import io.tern.sdk.internal.runtime.ChildMain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the child's process: command line (wrapped by the spec's sandbox), working directory,
 * environment and output file.
 */
final class ChildCommand {

  /** Variables copied from the worker's environment; everything else is removed. */
  static final List<String> INHERITED_ENV = List.of("PATH", "LANG", "TZ");

  /** System property of the child JVM that holds its attempt directory. */
  static final String ATTEMPT_DIR_PROPERTY = "tern.attempt.dir";

  private ChildCommand() {}

  static ProcessBuilder build(ChildProcessSpec spec, Path socket, Map<String, String> workerEnv) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(spec.javaExecutable().toString());
    command.add("-Xmx" + spec.heapMb() + "m");
    command.add("-XX:+UseSerialGC");
    // Names the attempt directory on the command line even when the socket had to move to a short
    // temporary path (long work dirs): a restarted worker finds its orphans by it.
    command.add("-D" + ATTEMPT_DIR_PROPERTY + "=" + spec.attemptDir().toAbsolutePath());
    command.addAll(spec.extraJvmArgs());
    command.add("-cp");
    command.add(spec.classpath().stream().map(p -> p.toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator)));
    command.add(ChildMain.class.getName());
    command.add(socket.toString());

    Path dir = spec.attemptDir().toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(spec.sandbox().wrap(spec, List.copyOf(command), socket)).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    for (String name : INHERITED_ENV) {
      String value = workerEnv.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.put("HOME", dir.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(ChildProcess.OUTPUT_LOG).toFile()));
    return pb;
  }
}
