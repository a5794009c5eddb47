package io.tern.worker.classpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobClasspathTest {

  private static final String RESOURCE = "io/tern/examples/Job.class";

  @TempDir Path work;
  @TempDir Path elsewhere;

  @Test
  void putsTheSdkFirstAndDropsDuplicates() throws IOException {
    Path extra = Files.createDirectory(elsewhere.resolve("extra"));
    JobClasspath classpath = new JobClasspath(work, getClass().getClassLoader());

    List<Path> paths = classpath.resolve(List.of(extra.toString(), JobClasspath.SDK_ENTRY, extra.toString()));

    Path sdk = Path.of(io.tern.sdk.CheckpointableJob.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    assertThat(paths).containsExactly(sdk.toAbsolutePath().normalize(), extra.toAbsolutePath().normalize());
  }

  @Test
  void findsTheJarThatHoldsAClass() {
    JobClasspath classpath = new JobClasspath(work, getClass().getClassLoader());

    List<Path> paths = classpath.resolve(List.of("classpath-of:org.assertj.core.api.Assertions"));

    assertThat(paths).hasSize(2);
    assertThat(paths.get(1).getFileName().toString()).startsWith("assertj-core").endsWith(".jar");
    assertThat(paths.get(1)).isRegularFile();
  }

  @Test
  void findsTheDirectoryThatHoldsAClass() {
    JobClasspath classpath = new JobClasspath(work, getClass().getClassLoader());

    Path dir = classpath.locationOf("file:/opt/app/classes/io/tern/examples/Job.class", RESOURCE);

    assertThat(dir).isEqualTo(Path.of("/opt/app/classes"));
  }

  @Test
  void copiesAJarNestedInABootJarOutToTheWorkDir() throws IOException {
    byte[] inner = jar("io/tern/examples/Job.class", "class bytes");
    Path app = bootJar(elsewhere.resolve("app.jar"), "BOOT-INF/lib/examples-0.1.jar", inner);
    JobClasspath classpath = new JobClasspath(work, getClass().getClassLoader());

    Path copy = classpath.locationOf(
        "jar:nested:" + app.toUri().getPath() + "/!BOOT-INF/lib/examples-0.1.jar!/" + RESOURCE, RESOURCE);

    assertThat(copy).isEqualTo(work.resolve("lib/examples-0.1.jar"));
    assertThat(Files.readAllBytes(copy)).isEqualTo(inner);
  }

  @Test
  void understandsTheOlderBootJarUrls() throws IOException {
    byte[] inner = jar("io/tern/examples/Job.class", "class bytes");
    Path app = bootJar(elsewhere.resolve("app.jar"), "BOOT-INF/lib/examples-0.1.jar", inner);
    JobClasspath classpath = new JobClasspath(work, getClass().getClassLoader());

    Path copy = classpath.locationOf(
        "jar:" + app.toUri() + "!/BOOT-INF/lib/examples-0.1.jar!/" + RESOURCE, RESOURCE);

    assertThat(Files.readAllBytes(copy)).isEqualTo(inner);
  }

  @Test
  void replacesAnOlderCopy() throws IOException {
    Files.createDirectories(work.resolve("lib"));
    Files.writeString(work.resolve("lib/examples-0.1.jar"), "stale");
    byte[] inner = jar("io/tern/examples/Job.class", "new bytes");
    Path app = bootJar(elsewhere.resolve("app.jar"), "BOOT-INF/lib/examples-0.1.jar", inner);

    Path copy = new JobClasspath(work, getClass().getClassLoader()).locationOf(
        "jar:nested:" + app.toUri().getPath() + "/!BOOT-INF/lib/examples-0.1.jar!/" + RESOURCE, RESOURCE);

    assertThat(Files.readAllBytes(copy)).isEqualTo(inner);
  }

  @Test
  void extractsTheBootJarsOwnClasses() throws IOException {
    Path app = bootJar(elsewhere.resolve("app.jar"), "BOOT-INF/classes/" + RESOURCE, "class bytes".getBytes());

    Path dir = new JobClasspath(work, getClass().getClassLoader()).locationOf(
        "jar:nested:" + app.toUri().getPath() + "/!BOOT-INF/classes/!/" + RESOURCE, RESOURCE);

    assertThat(dir.resolve(RESOURCE)).hasContent("class bytes");
    assertThat(dir).startsWith(work.resolve("lib"));
  }

  @Test
  void namesAnEntryThatCannotBeResolved() {
    JobClasspath classpath = new JobClasspath(work, getClass().getClassLoader());

    assertThatThrownBy(() -> classpath.resolve(List.of("classpath-of:com.example.Missing")))
        .hasMessageContaining("classpath-of:com.example.Missing")
        .hasMessageContaining("not on the worker's classpath");
    assertThatThrownBy(() -> classpath.resolve(List.of("/no/such/file.jar")))
        .hasMessageContaining("/no/such/file.jar")
        .hasMessageContaining("does not exist");
  }

  private static byte[] jar(String entry, String content) throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static Path bootJar(Path file, String entry, byte[] content) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file); JarOutputStream out = new JarOutputStream(raw)) {
      out.putNextEntry(new JarEntry("BOOT-INF/"));
      out.putNextEntry(new JarEntry(entry));
      out.write(content);
    }
    return file;
  }
}
