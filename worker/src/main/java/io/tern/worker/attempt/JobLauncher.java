package io.tern.worker.attempt;

import io.tern.protocol.Assignment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Launches the process of an attempt. */
@FunctionalInterface
public interface JobLauncher {

  /**
   * Launches a process for {@code assignment} in {@code attemptDir} and returns once it is ready to
   * be started; the job itself does not run yet.
   *
   * @param artifactJars the job's verified artifact jars, in class-path order, after the worker's job
   *     class path (empty for a job of the catalog); the process gets them read-only
   */
  JobProcess launch(Assignment assignment, List<Path> artifactJars, Path attemptDir) throws IOException;
}
