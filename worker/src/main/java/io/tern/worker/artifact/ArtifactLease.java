package io.tern.worker.artifact;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The verified, read-only jars of one attempt, in class-path order, kept in the cache (never evicted)
 * until the lease is closed. Closing twice is harmless.
 */
public final class ArtifactLease implements AutoCloseable {

  /** The lease of a job without artifacts. */
  public static final ArtifactLease NONE = new ArtifactLease(List.of(), () -> {});

  private final List<Path> jars;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  ArtifactLease(List<Path> jars, Runnable release) {
    this.jars = List.copyOf(jars);
    this.release = release;
  }

  /** The jars, in the order the job's class path takes them. */
  public List<Path> jars() {
    return jars;
  }

  /** Lets the cache evict these jars again once no other attempt uses them. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
