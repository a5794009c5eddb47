package io.tern.scheduler.artifact;

import io.tern.image.ImageLayout;
import io.tern.image.ImageStore;
import io.tern.image.StoredObject;
import io.tern.scheduler.tx.RetryingTransaction;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * One run of artifact collection (ADR 0008):
 *
 * <ol>
 *   <li>abandon uploads in progress older than {@code tern.artifacts.upload-timeout} (a crashed
 *       upload; a slow one is refused when it tries to finish);
 *   <li>delete the uploads of content no job that has not finished, no job keeping a committed
 *       checkpoint and no pin refers to, unused for {@code tern.artifacts.unused-grace} (last use: its
 *       newest upload, or the end of the last job that ran it); then the content, its row first and
 *       its manifest after, once nothing needs it;
 *   <li>delete artifact manifests in storage that no stored artifact and no upload in progress has
 *       (left by a crash between a deletion's commit and its DELETE, or by an abandoned upload).
 * </ol>
 *
 * Every deletion holds the artifact's lock ({@link ArtifactLocks}) from its check to its DELETE in
 * storage, so an upload of the same bytes cannot begin in between. Runs from a clustered Quartz job.
 */
@Service
public class ArtifactCollector {

  private static final Logger log = LoggerFactory.getLogger(ArtifactCollector.class);

  /** What one run did. */
  public record Result(int uploadsAbandoned, int uploadsDeleted, int artifactsDeleted, int strayManifestsDeleted) {}

  private final ArtifactRepository artifacts;
  private final ArtifactUploadRepository uploads;
  private final ArtifactWriteRepository writes;
  private final ArtifactService service;
  private final ArtifactLocks locks;
  private final ObjectProvider<ImageStore> images;
  private final ArtifactProperties properties;
  private final RetryingTransaction tx;
  private final Clock clock;

  public ArtifactCollector(ArtifactRepository artifacts, ArtifactUploadRepository uploads, ArtifactWriteRepository writes,
      ArtifactService service, ArtifactLocks locks, ObjectProvider<ImageStore> images, ArtifactProperties properties,
      RetryingTransaction tx, Clock clock) {
    this.artifacts = artifacts;
    this.uploads = uploads;
    this.writes = writes;
    this.service = service;
    this.locks = locks;
    this.images = images;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
  }

  /** Runs collection once. */
  public Result collect() throws IOException {
    Instant now = clock.instant();
    Instant unusedBefore = now.minus(properties.unusedGrace());
    ImageStore store = images.getIfAvailable();
    int abandoned = tx.run("Abandoned artifact uploads", () -> {
      List<ArtifactWriteEntity> stale = writes.findByStartedAtBefore(now.minus(properties.uploadTimeout()));
      writes.deleteAll(stale);
      return stale.size();
    });
    Set<String> candidates = new TreeSet<>();
    tx.readOnly("Artifact candidates", () -> {
      uploads.findByPinnedFalseAndUploadedAtBefore(unusedBefore).forEach(u -> candidates.add(u.getSha256()));
      candidates.addAll(artifacts.findWithoutUploads());
      return null;
    });
    int uploadsDeleted = 0;
    int contentDeleted = 0;
    for (String hex : candidates) {
      int[] done = locks.withLock(hex, () -> {
        int[] outcome = tx.run("Artifact " + hex, () -> {
          if (!artifacts.findJobsUsing(hex, null, 1).isEmpty()) {
            return new int[] {0, 0};
          }
          Instant lastUsed = artifacts.lastUsed(hex, now);
          if (lastUsed != null && !lastUsed.isBefore(unusedBefore)) {
            return new int[] {0, 0};
          }
          List<ArtifactUploadEntity> unpinned =
              uploads.findBySha256OrderByIdAsc(hex).stream().filter(u -> !u.isPinned()).toList();
          uploads.deleteAll(unpinned);
          uploads.flush();
          return new int[] {unpinned.size(), service.deleteContentIfUnused(hex) ? 1 : 0};
        });
        if (outcome[1] == 1 && store != null) {
          store.deleteManifest(ImageLayout.artifactManifestKey(hex));
        }
        return outcome;
      });
      uploadsDeleted += done[0];
      contentDeleted += done[1];
    }
    int strays = store == null ? 0 : deleteStrayManifests(store);
    if (abandoned + uploadsDeleted + contentDeleted + strays > 0) {
      log.info("Artifact collection: {} abandoned uploads, {} unused uploads and {} artifacts deleted, {} stray"
          + " manifests deleted", abandoned, uploadsDeleted, contentDeleted, strays);
    }
    return new Result(abandoned, uploadsDeleted, contentDeleted, strays);
  }

  private int deleteStrayManifests(ImageStore store) throws IOException {
    int deleted = 0;
    for (StoredObject manifest : store.listArtifactManifests()) {
      String key = manifest.key();
      String hex = key.substring(ImageLayout.ARTIFACTS_FOLDER.length(), key.length() - ".json".length());
      if (!hex.matches("[0-9a-f]{64}") || !ImageLayout.artifactManifestKey(hex).equals(key)) {
        continue;
      }
      boolean stray = locks.withLock(hex, () -> {
        boolean unclaimed = tx.readOnly("Artifact " + hex,
            () -> !artifacts.existsById(hex) && writes.countInvolving(hex) == 0);
        if (unclaimed) {
          store.deleteManifest(key);
        }
        return unclaimed;
      });
      deleted += stray ? 1 : 0;
    }
    return deleted;
  }
}
