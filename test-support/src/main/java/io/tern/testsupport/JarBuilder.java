package io.tern.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds jar files in a test: Java sources compiled with the JDK's compiler ({@code javax.tools}),
 * resources, and raw entries under any name (also names a well-behaved tool would never write). Every
 * entry has the same fixed time, so the same input gives the same bytes.
 */
public final class JarBuilder {

  private static final long FIXED_TIME = 1_700_000_000_000L;

  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<Path> classpath = new ArrayList<>();
  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private boolean manifest = true;
  private int level = java.util.zip.Deflater.DEFAULT_COMPRESSION;

  private JarBuilder() {}

  /** An empty jar with a manifest. */
  public static JarBuilder jar() {
    return new JarBuilder();
  }

  /** Adds the class {@code binaryName} (e.g. {@code com.acme.MyJob}) compiled from {@code source}. */
  public JarBuilder source(String binaryName, String source) {
    sources.put(binaryName, source);
    return this;
  }

  /** Compiles against the class path entry (jar or folder) that holds {@code type}, e.g. an SDK interface. */
  public JarBuilder compileAgainst(Class<?> type) {
    try {
      classpath.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
    return this;
  }

  /** Adds an entry named exactly {@code name} holding {@code bytes}. */
  public JarBuilder entry(String name, byte[] bytes) {
    entries.put(name, bytes);
    return this;
  }

  /** Adds a text entry. */
  public JarBuilder entry(String name, String text) {
    return entry(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Leaves out {@code META-INF/MANIFEST.MF}. */
  public JarBuilder withoutManifest() {
    this.manifest = false;
    return this;
  }

  /** The deflate level of the entries (default: the JDK's default). */
  public JarBuilder level(int level) {
    this.level = level;
    return this;
  }

  /** The jar's bytes. */
  public byte[] build() {
    try {
      Map<String, byte[]> all = new LinkedHashMap<>(compile());
      all.putAll(entries);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream out = manifest ? new JarOutputStream(bytes, manifest()) : new ZipOutputStream(bytes)) {
        out.setLevel(level);
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
          ZipEntry entry = new ZipEntry(e.getKey());
          entry.setTime(FIXED_TIME);
          out.putNextEntry(entry);
          out.write(e.getValue());
          out.closeEntry();
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar written to a new file in {@code directory}. */
  public Path writeTo(Path directory, String fileName) {
    try {
      return Files.write(directory.resolve(fileName), build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Manifest manifest() {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    return m;
  }

  private Map<String, byte[]> compile() throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    if (sources.isEmpty()) {
      return classes;
    }
    Path work = Files.createTempDirectory("jar-builder-");
    try {
      Path src = work.resolve("src");
      Path out = Files.createDirectories(work.resolve("classes"));
      List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-nowarn"));
      if (!classpath.isEmpty()) {
        args.add("-classpath");
        args.add(String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
      }
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        args.add(file.toString());
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      int status = javac.run(null, null, errors, args.toArray(String[]::new));
      if (status != 0) {
        throw new IllegalArgumentException("compilation failed:\n" + errors.toString(StandardCharsets.UTF_8));
      }
      try (Stream<Path> files = Files.walk(out)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          classes.put(out.relativize(f).toString().replace(java.io.File.separatorChar, '/'), Files.readAllBytes(f));
        }
      }
      return classes;
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
