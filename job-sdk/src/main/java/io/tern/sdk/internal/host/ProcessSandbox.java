package io.tern.sdk.internal.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Wraps the child's {@code java} command so that it starts inside a sandbox. Called once per launch,
 * after the attempt directory and the socket exist and before the process starts; an implementation
 * may prepare both for the user the job will run as.
 */
@FunctionalInterface
public interface ProcessSandbox {

  /** Runs the command as it is, with the worker's own rights. */
  ProcessSandbox NONE = (spec, command, socket) -> command;

  /**
   * @param spec the attempt being launched (its attempt directory, classpath and java launcher)
   * @param javaCommand the child's command line, {@code java} first
   * @param socket the socket the child connects to (in the attempt directory, or in a private
   *     temporary directory when the attempt directory's path is too long)
   * @return the command line to start instead
   */
  List<String> wrap(ChildProcessSpec spec, List<String> javaCommand, Path socket) throws IOException;
}
