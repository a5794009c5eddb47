package io.tern.scheduler.artifact;

import io.tern.sdk.CheckpointableJob;
import io.tern.testsupport.JarBuilder;
import java.util.Random;

/** Jars the artifact tests upload, compiled from sources during the test against the job SDK. */
final class TestJars {

  private TestJars() {}

  /**
   * An application jar of package {@code pkg}: {@code CountJob} (implements CheckpointableJob
   * directly), {@code SquareJob} (through an abstract base and a sub-interface), and classes that are
   * not job classes: the abstract base, the sub-interface, a package-private job and a plain helper.
   * {@code version} is compiled into CountJob, so two versions differ in one class.
   */
  static JarBuilder application(String pkg, int version) {
    return JarBuilder.jar().compileAgainst(CheckpointableJob.class)
        .source(pkg + ".CountJob", "package " + pkg + ";\n"
            + "import io.tern.sdk.*;\n"
            + "public class CountJob implements CheckpointableJob<long[]> {\n"
            + "  public static final int VERSION = " + version + ";\n"
            + "  public long[] init(JobContext ctx) { return new long[1]; }\n"
            + "  public StepResult step(long[] s, JobContext ctx) { s[0]++; return s[0] >= 10 ? StepResult.DONE : StepResult.CONTINUE; }\n"
            + "  public StateCodec<long[]> codec() { return Codecs.longArray(); }\n"
            + "  public java.util.Map<String, Object> result(long[] s, JobContext ctx) { return java.util.Map.of(\"version\", VERSION); }\n"
            + "}\n")
        .source(pkg + ".Stepper", "package " + pkg + ";\n"
            + "public interface Stepper extends io.tern.sdk.CheckpointableJob<long[]> {}\n")
        .source(pkg + ".AbstractJob", "package " + pkg + ";\n"
            + "import io.tern.sdk.*;\n"
            + "public abstract class AbstractJob implements Stepper {\n"
            + "  public long[] init(JobContext ctx) { return new long[1]; }\n"
            + "  public StateCodec<long[]> codec() { return Codecs.longArray(); }\n"
            + "}\n")
        .source(pkg + ".SquareJob", "package " + pkg + ";\n"
            + "import io.tern.sdk.*;\n"
            + "public class SquareJob extends AbstractJob {\n"
            + "  public StepResult step(long[] s, JobContext ctx) { return StepResult.DONE; }\n"
            + "}\n")
        .source(pkg + ".HiddenJob", "package " + pkg + ";\n"
            + "class HiddenJob extends AbstractJob {\n"
            + "  public io.tern.sdk.StepResult step(long[] s, io.tern.sdk.JobContext ctx) { return io.tern.sdk.StepResult.DONE; }\n"
            + "}\n")
        .source(pkg + ".Helper", "package " + pkg + ";\n"
            + "public class Helper { public static int twice(int x) { return 2 * x; } }\n");
  }

  /** A library jar: classes, no job class. */
  static JarBuilder library(String pkg) {
    return JarBuilder.jar()
        .source(pkg + ".Strings", "package " + pkg + ";\n"
            + "public final class Strings { public static String shout(String s) { return s.toUpperCase(); } }\n");
  }

  /** A fat application jar: {@link #application} plus {@code megabytes} of incompressible (seeded) data. */
  static byte[] fat(String pkg, int version, int megabytes) {
    byte[] data = new byte[megabytes << 20];
    new Random(42).nextBytes(data);
    return application(pkg, version).entry("lib/data.bin", data).build();
  }
}
