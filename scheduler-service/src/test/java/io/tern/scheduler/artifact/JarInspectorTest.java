package io.tern.scheduler.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** What {@link JarInspector} accepts, what it refuses and which classes it reports as job classes. */
class JarInspectorTest {

  private static final String JOB = "io/tern/sdk/CheckpointableJob";

  @TempDir Path dir;

  private final JarInspector inspector = new JarInspector(new JarInspector.Limits(8L << 20, 100, 1000));

  @Test
  void reportsPublicConcreteClassesThatReachTheJobInterfaceThroughSupertypesInTheJar() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes());
    entries.put("a/Direct.class", type("a/Direct", Opcodes.ACC_PUBLIC, "java/lang/Object", JOB));
    entries.put("a/Sub.class", type("a/Sub", Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT,
        "java/lang/Object", JOB));
    entries.put("a/Base.class", type("a/Base", Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "java/lang/Object", "a/Sub"));
    entries.put("a/Deep.class", type("a/Deep", Opcodes.ACC_PUBLIC, "a/Base"));
    entries.put("a/Deeper.class", type("a/Deeper", Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "a/Deep"));
    entries.put("a/Hidden.class", type("a/Hidden", 0, "a/Base"));
    entries.put("a/Plain.class", type("a/Plain", Opcodes.ACC_PUBLIC, "java/lang/Object"));
    entries.put("a/Outside.class", type("a/Outside", Opcodes.ACC_PUBLIC, "b/NotInThisJar"));
    entries.put("a/Broken.class", new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2});

    JarInspector.Contents contents = inspector.inspect(zip(entries));

    assertThat(contents.jobClasses()).containsExactly("a.Deep", "a.Deeper", "a.Direct");
    assertThat(contents.entries()).isEqualTo(entries.size());
  }

  @Test
  void aJarWithoutJobClassesHasNone() throws IOException {
    Path jar = zip(Map.of("a/Plain.class", type("a/Plain", Opcodes.ACC_PUBLIC, "java/lang/Object")));
    assertThat(inspector.inspect(jar).jobClasses()).isEmpty();
  }

  @Test
  void refusesWhatIsNotAZip() throws IOException {
    Path file = Files.write(dir.resolve("x.jar"), "PK? not really a zip".getBytes());
    assertProblem(file, "not-a-zip");
    assertProblem(Files.write(dir.resolve("empty.jar"), new byte[0]), "not-a-zip");
  }

  @Test
  void refusesAZipWithoutClassesOrManifest() throws IOException {
    assertProblem(zip(Map.of("README.txt", "hello".getBytes(), "docs/", new byte[0])), "not-a-jar");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil.class", "a/../../evil.class", "/etc/cron.d/x", "a\\..\\evil.class",
      "C:/windows/x.class", "a/nul\0.class", ""})
  void refusesUnsafeEntryNames(String name) throws IOException {
    assertThatThrownBy(() -> JarInspector.checkName(name))
        .isInstanceOfSatisfying(ArtifactException.class, e -> assertThat(e.type().toString()).endsWith("unsafe-jar-entry"));
  }

  @Test
  void acceptsOrdinaryNames() {
    JarInspector.checkName("META-INF/MANIFEST.MF");
    JarInspector.checkName("com/acme/My$Job.class");
    JarInspector.checkName("a/..b/c..d/x.txt");
  }

  @Test
  void stopsInflatingAnEntryThatExpandsPastTheRatio() throws IOException {
    Path bomb = zip(Map.of("a/Plain.class", type("a/Plain", Opcodes.ACC_PUBLIC, "java/lang/Object"),
        "zeros.bin", new byte[4 << 20]));
    assertThatThrownBy(() -> inspector.inspect(bomb))
        .isInstanceOfSatisfying(ArtifactException.class, e -> {
          assertThat(e.type().toString()).endsWith("zip-bomb");
          assertThat(e.getMessage()).contains("zeros.bin", "100 times");
        });
  }

  @Test
  void stopsInflatingWhenAllEntriesTogetherExpandPastTheLimit() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a/Plain.class", type("a/Plain", Opcodes.ACC_PUBLIC, "java/lang/Object"));
    for (int i = 0; i < 9; i++) {
      entries.put("part" + i + ".bin", new byte[1 << 20]); // each below the ratio floor
    }
    assertThatThrownBy(() -> inspector.inspect(zip(entries)))
        .isInstanceOfSatisfying(ArtifactException.class, e -> {
          assertThat(e.type().toString()).endsWith("zip-bomb");
          assertThat(e.getMessage()).contains("more than " + (8L << 20) + " bytes");
        });
  }

  private void assertProblem(Path file, String type) {
    assertThatThrownBy(() -> inspector.inspect(file))
        .isInstanceOfSatisfying(ArtifactException.class, e -> assertThat(e.type().toString()).endsWith(type));
  }

  private Path zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return Files.write(Files.createTempFile(dir, "test-", ".jar"), bytes.toByteArray());
  }

  private static byte[] type(String name, int access, String superName, String... interfaces) {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V17, access | ((access & Opcodes.ACC_INTERFACE) == 0 ? Opcodes.ACC_SUPER : 0), name, null,
        superName, interfaces);
    writer.visitEnd();
    return writer.toByteArray();
  }
}
