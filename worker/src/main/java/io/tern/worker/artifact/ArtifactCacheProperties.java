package io.tern.worker.artifact;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code tern.worker.artifacts.*}: the worker's cache of job artifacts (docs/worker.md, "Artifact cache").
 *
 * @param cacheSize how many bytes of artifacts the cache keeps (default 2 GiB); beyond it the least
 *     recently used artifacts no running attempt uses are deleted. Artifacts in use are never deleted,
 *     so the cache may hold more while they run
 */
@ConfigurationProperties("tern.worker.artifacts")
public record ArtifactCacheProperties(@DefaultValue("2GB") DataSize cacheSize) {

  public ArtifactCacheProperties {
    if (cacheSize == null || cacheSize.toBytes() <= 0) {
      throw new IllegalArgumentException("tern.worker.artifacts.cache-size must be positive, got " + cacheSize);
    }
  }
}
