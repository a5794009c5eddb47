package io.tern.scheduler.limits;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which entry classes a submission may name: the catalog's classes, plus the classes and packages an
 * operator allowed. A package pattern {@code com.acme.*} allows the package and its subpackages,
 * never a sibling such as {@code com.acmex}.
 */
public final class EntryClassPolicy {

  /** Longest entry class accepted. */
  public static final int MAX_LENGTH = 500;

  private static final String IDENTIFIER = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
  private static final Pattern BINARY_NAME = Pattern.compile("(" + IDENTIFIER + "\\.)*" + IDENTIFIER);
  private static final Pattern PACKAGE_PATTERN = Pattern.compile("(" + IDENTIFIER + "\\.)*" + IDENTIFIER + "\\.\\*");

  private final Set<String> classes;
  private final List<String> exact;
  private final List<String> packagePrefixes;

  public EntryClassPolicy(Collection<String> catalogClasses, List<String> allowed) {
    this.classes = Set.copyOf(catalogClasses);
    this.exact = allowed.stream().filter(p -> !p.endsWith(".*")).toList();
    this.packagePrefixes = allowed.stream().filter(p -> p.endsWith(".*")).map(p -> p.substring(0, p.length() - 1)).toList();
  }

  /** True for a Java binary class name of at most {@link #MAX_LENGTH} characters. */
  public static boolean isBinaryName(String name) {
    return name != null && name.length() <= MAX_LENGTH && BINARY_NAME.matcher(name).matches();
  }

  /** True for what {@code allowedEntryClasses} may hold: a binary class name or {@code package.*}. */
  public static boolean isPattern(String pattern) {
    return pattern != null && pattern.length() <= MAX_LENGTH
        && (BINARY_NAME.matcher(pattern).matches() || PACKAGE_PATTERN.matcher(pattern).matches());
  }

  /** Whether {@code entryClass} (a valid binary name) may be submitted. */
  public boolean allows(String entryClass) {
    return classes.contains(entryClass)
        || exact.contains(entryClass)
        || packagePrefixes.stream().anyMatch(entryClass::startsWith);
  }
}
