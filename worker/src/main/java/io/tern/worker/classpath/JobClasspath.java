package io.tern.worker.classpath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Resolves {@code tern.worker.job-classpath} into the files a job process is started with.
 *
 * <p>Each entry is either a path, or {@code classpath-of:<class name>}: the jar or directory that holds
 * that class on the worker's own classpath. When that jar is nested in a Spring Boot executable jar
 * ({@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/...}, or the older {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/...})
 * it is copied out to {@code <work-dir>/lib/<name>} when the classpath is resolved (once, at worker
 * start; an older copy is replaced) and the copy is used. The job-sdk runtime
 * ({@code classpath-of:io.tern.sdk.CheckpointableJob}) always comes first; duplicates are dropped.
 */
public final class JobClasspath {

  /** Prefix of an entry naming a class whose location is wanted. */
  public static final String CLASSPATH_OF = "classpath-of:";

  /** The entry that puts the job-sdk runtime on every job's classpath. */
  public static final String SDK_ENTRY = CLASSPATH_OF + "io.tern.sdk.CheckpointableJob";

  private final Path libDir;
  private final ClassLoader loader;

  /**
   * @param workDir the worker's work directory; nested jars are copied to its {@code lib} folder
   * @param loader the class loader whose classpath {@code classpath-of:} entries are looked up in
   */
  public JobClasspath(Path workDir, ClassLoader loader) {
    this.libDir = workDir.resolve("lib");
    this.loader = loader;
  }

  /**
   * Resolves the configured entries, the SDK first.
   *
   * @throws IllegalArgumentException naming the entry when a class is not found or a path does not exist
   */
  public List<Path> resolve(List<String> entries) {
    Set<Path> paths = new LinkedHashSet<>();
    paths.add(resolveEntry(SDK_ENTRY));
    for (String entry : entries) {
      if (entry != null && !entry.isBlank()) {
        paths.add(resolveEntry(entry.trim()));
      }
    }
    return List.copyOf(paths);
  }

  private Path resolveEntry(String entry) {
    if (!entry.startsWith(CLASSPATH_OF)) {
      Path path = Path.of(entry).toAbsolutePath().normalize();
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("tern.worker.job-classpath entry '" + entry + "' does not exist");
      }
      return path;
    }
    String className = entry.substring(CLASSPATH_OF.length()).trim();
    String resource = className.replace('.', '/') + ".class";
    URL url = loader.getResource(resource);
    if (url == null) {
      throw new IllegalArgumentException("tern.worker.job-classpath entry '" + entry
          + "': class " + className + " is not on the worker's classpath");
    }
    return locationOf(url.toString(), resource);
  }

  /**
   * The jar or directory that a class resource URL points into, copied out of an enclosing Boot jar
   * when it is nested in one.
   *
   * @param resourceUrl the URL of {@code resource} as a class loader returned it
   * @param resource the resource name, for instance {@code io/tern/sdk/CheckpointableJob.class}
   */
  Path locationOf(String resourceUrl, String resource) {
    if (resourceUrl.startsWith("file:")) {
      String dir = resourceUrl.substring(0, resourceUrl.length() - resource.length());
      return Path.of(URI.create(dir)).normalize();
    }
    if (!resourceUrl.startsWith("jar:")) {
      throw new IllegalArgumentException("cannot find the location of " + resource + " in " + resourceUrl);
    }
    String inner = resourceUrl.substring("jar:".length(), resourceUrl.lastIndexOf("!/"));
    if (inner.startsWith("nested:")) {
      // nested:/path/app.jar/!BOOT-INF/lib/x.jar
      String spec = inner.substring("nested:".length());
      int split = spec.indexOf("/!");
      Path outer = Path.of(URI.create("file:" + spec.substring(0, split)));
      return extract(outer, decode(spec.substring(split + 2)));
    }
    int split = inner.indexOf("!/");
    if (split >= 0) {
      // file:/path/app.jar!/BOOT-INF/lib/x.jar (Boot 2 / 3.0 / 3.1 loader)
      Path outer = Path.of(URI.create(inner.substring(0, split)));
      return extract(outer, decode(inner.substring(split + 2)));
    }
    return Path.of(URI.create(inner)).normalize();
  }

  private static String decode(String entryName) {
    return URI.create("x:/" + entryName.replace(" ", "%20")).getPath().substring(1);
  }

  /** Copies {@code entryName} (a jar, or a directory such as {@code BOOT-INF/classes/}) out of {@code outerJar}. */
  private Path extract(Path outerJar, String entryName) {
    String name = entryName.endsWith("/") ? entryName.substring(0, entryName.length() - 1) : entryName;
    String outerName = outerJar.getFileName().toString().replaceFirst("\\.jar$", "");
    String simple = name.substring(name.lastIndexOf('/') + 1);
    try (JarFile jar = new JarFile(outerJar.toFile())) {
      JarEntry entry = jar.getJarEntry(name);
      if (entry != null && !entry.isDirectory()) {
        Path target = libDir.resolve(simple);
        copy(jar, entry, target);
        return target;
      }
      Path target = libDir.resolve(outerName + "-" + simple);
      extractDirectory(jar, name + "/", target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + entryName + " out of " + outerJar, e);
    }
  }

  private static void copy(JarFile jar, JarEntry entry, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    try (InputStream in = jar.getInputStream(entry)) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void extractDirectory(JarFile jar, String prefix, Path target) throws IOException {
    Path tmp = Files.createTempDirectory(Files.createDirectories(target.getParent()), target.getFileName() + ".part");
    List<JarEntry> entries = new ArrayList<>();
    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
      JarEntry entry = e.nextElement();
      if (entry.getName().startsWith(prefix) && !entry.isDirectory()) {
        entries.add(entry);
      }
    }
    if (entries.isEmpty()) {
      throw new IOException("no entry " + prefix + " in " + jar.getName());
    }
    for (JarEntry entry : entries) {
      Path file = tmp.resolve(entry.getName().substring(prefix.length())).normalize();
      if (!file.startsWith(tmp)) {
        throw new IOException("entry " + entry.getName() + " escapes its directory");
      }
      Files.createDirectories(file.getParent());
      try (InputStream in = jar.getInputStream(entry)) {
        Files.copy(in, file);
      }
    }
    deleteTree(target);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
