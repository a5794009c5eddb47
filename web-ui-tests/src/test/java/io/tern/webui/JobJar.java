package io.tern.webui;

import io.tern.sdk.CheckpointableJob;
import java.io.IOException;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A job author's jar made during the test: Java sources compiled against job-sdk (which the jar does
 * not contain, as a user's build with scope provided makes it), so its classes are on no worker's
 * class path.
 */
final class JobJar {

  private JobJar() {}

  /** Compiles {@code sources} (binary class name → source text) into {@code jar}. */
  static Path build(Path jar, Map<String, String> sources) {
    try {
      Path work = Files.createTempDirectory(jar.getParent(), "src-");
      Path src = work.resolve("src");
      Path classes = work.resolve("classes");
      List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath", sdkLocation(), "-d", classes.toString()));
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        args.add(file.toString());
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
      if (rc != 0) {
        throw new IllegalStateException("javac failed (" + rc + "):\n" + errors);
      }
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      try (OutputStream out = Files.newOutputStream(jar);
          JarOutputStream jos = new JarOutputStream(out, manifest);
          Stream<Path> files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
          jos.write(Files.readAllBytes(f));
          jos.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private static String sdkLocation() {
    try {
      return Path.of(CheckpointableJob.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
