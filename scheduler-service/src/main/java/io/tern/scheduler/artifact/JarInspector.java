package io.tern.scheduler.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Reads an uploaded jar without running any of it: checks that it is a zip archive and a jar, that
 * its entry names are safe and that it does not inflate past the limits (counted while inflating,
 * never trusting the sizes the archive declares), and finds its job classes by reading class files
 * with ASM. Nothing is loaded into the JVM.
 *
 * <p>A job class is a public, concrete (neither abstract nor an interface) class that implements
 * {@code io.tern.sdk.CheckpointableJob} directly or through supertypes in the same jar.
 */
public final class JarInspector {

  /** The interface job classes implement, in internal form. */
  static final String JOB_INTERFACE = "io/tern/sdk/CheckpointableJob";
  /** Entries smaller than this are not held to the ratio limit (tiny files compress very well). */
  static final long RATIO_FLOOR_BYTES = 1 << 20;
  /** Larger class files are not analysed (no real class is near this). */
  static final int MAX_CLASS_BYTES = 16 << 20;

  /**
   * @param maxExpandedBytes most bytes all entries together may inflate to
   * @param maxEntryRatio most an entry above {@link #RATIO_FLOOR_BYTES} may inflate per compressed byte
   * @param maxEntries most entries
   */
  public record Limits(long maxExpandedBytes, int maxEntryRatio, int maxEntries) {}

  /** What the jar holds: its job classes (binary names, sorted) and its entry count. */
  public record Contents(List<String> jobClasses, int entries, long expandedBytes) {}

  private final Limits limits;

  public JarInspector(Limits limits) {
    this.limits = limits;
  }

  /**
   * Inspects the jar in {@code file}.
   *
   * @throws ArtifactException (400) when it is not a zip, not a jar, has an unsafe entry name, or
   *     inflates past a limit
   */
  public Contents inspect(Path file) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw ArtifactException.notAZip(e.getMessage() == null ? "unreadable" : e.getMessage());
    }
    try (zip) {
      Map<String, ClassInfo> classes = new HashMap<>();
      boolean manifest = false;
      boolean anyClass = false;
      long expanded = 0;
      int count = 0;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      byte[] buffer = new byte[64 * 1024];
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (++count > limits.maxEntries()) {
          throw ArtifactException.zipBomb("The jar has more than " + limits.maxEntries() + " entries.");
        }
        String name = entry.getName();
        checkName(name);
        if (entry.isDirectory()) {
          continue;
        }
        manifest |= name.equals("META-INF/MANIFEST.MF");
        boolean isClass = name.endsWith(".class");
        anyClass |= isClass;
        boolean analyse = isClass && !name.startsWith("META-INF/") && !name.endsWith("module-info.class");
        EntryBytes bytes = new EntryBytes(analyse ? MAX_CLASS_BYTES : 0);
        try (InputStream in = zip.getInputStream(entry)) {
          long entrySize = 0;
          int n;
          while ((n = in.read(buffer)) > 0) {
            entrySize += n;
            expanded += n;
            if (expanded > limits.maxExpandedBytes()) {
              throw ArtifactException.zipBomb("The jar inflates to more than " + limits.maxExpandedBytes()
                  + " bytes (tern.artifacts.max-expanded-size); stopped at entry '" + name + "'.");
            }
            long compressed = Math.max(1, entry.getCompressedSize());
            if (entrySize > RATIO_FLOOR_BYTES && entrySize / compressed > limits.maxEntryRatio()) {
              throw ArtifactException.zipBomb("Entry '" + name + "' inflates more than " + limits.maxEntryRatio()
                  + " times its compressed size (" + compressed + " bytes; tern.artifacts.max-entry-ratio).");
            }
            bytes.add(buffer, n);
          }
        } catch (ZipException e) {
          throw ArtifactException.notAZip("entry '" + name + "' cannot be inflated: " + e.getMessage());
        }
        if (analyse && bytes.complete()) {
          ClassInfo info = ClassInfo.read(bytes.toArray());
          if (info != null) {
            classes.putIfAbsent(info.name(), info);
          }
        }
      }
      if (!manifest && !anyClass) {
        throw ArtifactException.notAJar();
      }
      return new Contents(jobClasses(classes), count, expanded);
    }
  }

  /** Refuses names that could escape a directory the jar is unpacked into, or hide what they are. */
  static void checkName(String name) {
    if (name.isEmpty()) {
      throw ArtifactException.unsafeEntry(name, "has an empty name");
    }
    if (name.indexOf('\0') >= 0) {
      throw ArtifactException.unsafeEntry(name, "contains a NUL character");
    }
    if (name.indexOf('\\') >= 0) {
      throw ArtifactException.unsafeEntry(name, "contains a backslash");
    }
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw ArtifactException.unsafeEntry(name, "is an absolute path");
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw ArtifactException.unsafeEntry(name, "contains '..'");
      }
    }
  }

  private static List<String> jobClasses(Map<String, ClassInfo> classes) {
    Map<String, Boolean> memo = new HashMap<>();
    Set<String> found = new TreeSet<>();
    for (ClassInfo c : classes.values()) {
      boolean concretePublic = (c.access() & Opcodes.ACC_PUBLIC) != 0
          && (c.access() & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE | Opcodes.ACC_ANNOTATION | Opcodes.ACC_ENUM)) == 0;
      if (concretePublic && isJob(c.name(), classes, memo, new HashSet<>())) {
        found.add(c.name().replace('/', '.'));
      }
    }
    return new ArrayList<>(found);
  }

  private static boolean isJob(String name, Map<String, ClassInfo> classes, Map<String, Boolean> memo, Set<String> visiting) {
    if (name == null) {
      return false;
    }
    if (name.equals(JOB_INTERFACE)) {
      return true;
    }
    Boolean known = memo.get(name);
    if (known != null) {
      return known;
    }
    ClassInfo c = classes.get(name);
    if (c == null || !visiting.add(name)) {
      return false; // outside the jar (the JDK, another jar), or a cycle in a malformed jar
    }
    boolean job = isJob(c.superName(), classes, memo, visiting);
    for (String i : c.interfaces()) {
      job = job || isJob(i, classes, memo, visiting);
    }
    memo.put(name, job);
    return job;
  }

  /** The parts of a class file that matter here. */
  private record ClassInfo(String name, int access, String superName, List<String> interfaces) {
    /** The class described by {@code bytes}, or null when they are not a readable class file. */
    static ClassInfo read(byte[] bytes) {
      try {
        ClassReader reader = new ClassReader(bytes);
        return new ClassInfo(reader.getClassName(), reader.getAccess(), reader.getSuperName(),
            List.of(reader.getInterfaces()));
      } catch (RuntimeException e) {
        return null; // not a class file the JVM could load either; it cannot be a job class
      }
    }
  }

  /** Collects an entry's bytes up to a cap (0: none); past the cap it stops collecting. */
  private static final class EntryBytes {
    private final int cap;
    private byte[] data = new byte[0];
    private int size;
    private boolean overflow;

    EntryBytes(int cap) {
      this.cap = cap;
    }

    void add(byte[] buffer, int n) {
      if (cap == 0 || overflow) {
        return;
      }
      if ((long) size + n > cap) {
        overflow = true;
        data = null;
        return;
      }
      if (size + n > data.length) {
        data = java.util.Arrays.copyOf(data, Math.max(size + n, Math.min(cap, Math.max(4096, data.length * 2))));
      }
      System.arraycopy(buffer, 0, data, size, n);
      size += n;
    }

    boolean complete() {
      return cap > 0 && !overflow;
    }

    byte[] toArray() {
      return java.util.Arrays.copyOf(data, size);
    }
  }
}
