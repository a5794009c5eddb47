package io.tern.webui;

import io.tern.sdk.CheckpointableJob;
import io.tern.testsupport.JarBuilder;
import java.nio.file.Path;
import java.util.Map;

/**
 * A job author's jar made during the test: Java sources compiled against job-sdk (which the jar does
 * not contain, as a user's build with scope provided makes it), so its classes are on no worker's
 * class path.
 */
final class JobJar {

  private JobJar() {}

  /** Compiles {@code sources} (binary class name → source text) against job-sdk into {@code jar}. */
  static Path build(Path jar, Map<String, String> sources) {
    JarBuilder builder = JarBuilder.jar().compileAgainst(CheckpointableJob.class);
    sources.forEach(builder::source);
    return builder.writeTo(jar.getParent(), jar.getFileName().toString());
  }

  /** A job that adds up 1..n (parameter {@code n}), {@code perStep} numbers per step; its result names {@code label}. */
  static String sumJob(String className, String label, String term) {
    int dot = className.lastIndexOf('.');
    return """
        package %s;

        import io.tern.sdk.CheckpointableJob;
        import io.tern.sdk.Codecs;
        import io.tern.sdk.JobContext;
        import io.tern.sdk.StateCodec;
        import io.tern.sdk.StepResult;
        import java.util.Map;

        public class %s implements CheckpointableJob<long[]> {
          public long[] init(JobContext ctx) { return new long[] {1, 0}; }
          public StepResult step(long[] s, JobContext ctx) {
            long n = ctx.longParam("n", 1000000), end = Math.min(n + 1, s[0] + ctx.longParam("perStep", 1000));
            for (long i = s[0]; i < end; i++) { s[1] += %s; }
            s[0] = end;
            return end > n ? StepResult.DONE : StepResult.CONTINUE;
          }
          public StateCodec<long[]> codec() { return Codecs.longArray(); }
          public Map<String, Object> result(long[] s, JobContext ctx) { return Map.of("sum", s[1], "label", "%s"); }
        }
        """.formatted(className.substring(0, dot), className.substring(dot + 1), term, label);
  }
}
