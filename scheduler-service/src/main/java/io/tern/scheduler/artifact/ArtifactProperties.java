package io.tern.scheduler.artifact;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code tern.artifacts.*}: jars users upload and run their jobs from (docs/rest-api.md, ADR 0008).
 *
 * @param enabled whether users may upload artifacts and submit jobs that name them
 * @param maxSize largest jar accepted by {@code POST /api/v1/artifacts} (413 above); only that
 *     endpoint, every other body keeps {@code tern.security.max-request-bytes}
 * @param maxExpandedSize most bytes all entries of a jar may inflate to (a zip bomb is refused while
 *     inflating, without reading further)
 * @param maxEntryRatio most an entry of more than 1 MiB may inflate relative to its compressed size
 * @param maxEntries most entries a jar may have
 * @param unusedGrace an artifact no job, retained checkpoint or pin refers to is deleted this long
 *     after its last use (upload, or the end of the last job that ran it)
 * @param uploadTimeout an upload not stored within this time is abandoned (its pending record is
 *     collected); must be below {@code tern.checkpoints.chunk-grace} (ADR 0008)
 * @param collectionInterval how often the collector runs (a clustered Quartz job)
 * @param spoolDir where uploads are spooled while they are checked: a directory private to the
 *     scheduler (0700, files 0600), emptied at start-up; default under {@code java.io.tmpdir}
 */
@ConfigurationProperties("tern.artifacts")
public record ArtifactProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("512MB") DataSize maxSize,
    @DefaultValue("2GB") DataSize maxExpandedSize,
    @DefaultValue("200") int maxEntryRatio,
    @DefaultValue("100000") int maxEntries,
    @DefaultValue("7d") Duration unusedGrace,
    @DefaultValue("15m") Duration uploadTimeout,
    @DefaultValue("1h") Duration collectionInterval,
    Path spoolDir) {

  /** Checks the values. */
  public ArtifactProperties {
    if (maxSize.toBytes() < 1) {
      throw new IllegalArgumentException("tern.artifacts.max-size must be positive");
    }
    if (maxExpandedSize.toBytes() < 1) {
      throw new IllegalArgumentException("tern.artifacts.max-expanded-size must be positive");
    }
    if (maxEntryRatio < 1 || maxEntries < 1) {
      throw new IllegalArgumentException("tern.artifacts.max-entry-ratio and max-entries must be positive");
    }
    for (Duration d : new Duration[] {unusedGrace, uploadTimeout, collectionInterval}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(
            "tern.artifacts.unused-grace, upload-timeout and collection-interval must be positive durations");
      }
    }
    if (spoolDir == null) {
      spoolDir = Path.of(System.getProperty("java.io.tmpdir"), "tern-artifact-uploads-" + System.getProperty("user.name"));
    }
  }
}
