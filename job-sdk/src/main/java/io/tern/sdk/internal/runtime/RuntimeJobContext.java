package io.tern.sdk.internal.runtime;

import io.tern.sdk.JobContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** The {@link JobContext} the runtime gives a job. */
public record RuntimeJobContext(String jobId, int attempt, boolean restored, Map<String, String> parameters,
    Path outputDir, Consumer<String> logSink) implements JobContext {

  public RuntimeJobContext {
    parameters = Map.copyOf(parameters);
  }

  @Override
  public void log(String message) {
    logSink.accept(message);
  }
}
