package io.tern.scheduler.checkpoint;

import io.tern.image.CorruptImageException;
import io.tern.image.ImageLayout;
import io.tern.image.ImageNotFoundException;
import io.tern.image.ImageStore;
import io.tern.image.StoredObject;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.tx.RetryingTransaction;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * One run of checkpoint retention and chunk collection (docs/checkpoints.md, ADR 0003):
 *
 * <ol>
 *   <li>record the run (committed before anything is deleted, so commits can see it);
 *   <li>abort PENDING checkpoints older than the commit timeout;
 *   <li>expire checkpoints out of retention ({@link RetentionPolicy}): DELETED first, then the
 *       manifest is deleted from storage;
 *   <li>delete manifests in storage that no live checkpoint keeps (left by crashed or refused writes);
 *   <li>delete chunks no retained manifest references and older than the grace period
 *       ({@link ChunkSweepRule}); retained are the live checkpoints' manifests and those other
 *       features keep ({@link RetainedManifests}: stored artifacts, ADR 0008).
 * </ol>
 *
 * Runs from a clustered Quartz job (one replica at a time). Without an image store only the database
 * steps run.
 */
@Service
public class CheckpointCollector {

  private static final Logger log = LoggerFactory.getLogger(CheckpointCollector.class);

  /** What one run did. */
  public record Result(int aborted, int expired, int manifestsDeleted, int chunksDeleted, long chunkBytesDeleted) {}

  private final CheckpointRepository checkpoints;
  private final ChunkCollectionRepository collections;
  private final JobRepository jobs;
  private final JobEventLog events;
  private final RetryingTransaction tx;
  private final ObjectProvider<ImageStore> images;
  private final CheckpointProperties properties;
  private final CheckpointMetrics metrics;
  private final Clock clock;
  private final ObjectProvider<RetainedManifests> otherManifests;

  public CheckpointCollector(
      CheckpointRepository checkpoints,
      ChunkCollectionRepository collections,
      JobRepository jobs,
      JobEventLog events,
      RetryingTransaction tx,
      ObjectProvider<ImageStore> images,
      CheckpointProperties properties,
      CheckpointMetrics metrics,
      Clock clock,
      ObjectProvider<RetainedManifests> otherManifests) {
    this.checkpoints = checkpoints;
    this.collections = collections;
    this.jobs = jobs;
    this.events = events;
    this.tx = tx;
    this.images = images;
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
    this.otherManifests = otherManifests;
  }

  /** Runs retention and collection once. */
  public Result collect() throws IOException {
    Instant startedAt = clock.instant();
    long runId = tx.run("Chunk collection", () -> collections.saveAndFlush(new ChunkCollectionEntity(startedAt)).getId());
    int aborted = 0;
    int expired = 0;
    int manifests = 0;
    int chunks = 0;
    long bytes = 0;
    try {
      aborted = abortOverduePending(startedAt);
      ImageStore store = images.getIfAvailable();
      List<String> expiredKeys = expireOutOfRetention(startedAt);
      expired = expiredKeys.size();
      if (store != null) {
        for (String key : expiredKeys) {
          store.deleteManifest(key);
          manifests++;
        }
        manifests += deleteStrayManifests(store, startedAt);
        long[] deleted = deleteUnreferencedChunks(store, startedAt);
        chunks = (int) deleted[0];
        bytes = deleted[1];
      }
      return new Result(aborted, expired, manifests, chunks, bytes);
    } finally {
      int m = manifests;
      int c = chunks;
      long b = bytes;
      tx.run("Chunk collection", () -> {
        collections.findById(runId).ifPresent(run -> run.finished(clock.instant(), m, c, b));
        collections.deleteFinishedBefore(startedAt.minus(properties.commitTimeout().multipliedBy(2)));
      });
      metrics.collected(m, c, b);
      if (aborted + expired + m + c > 0) {
        log.info("Checkpoint collection: {} overdue PENDING aborted, {} checkpoints expired, {} manifests and {} chunks"
            + " ({} bytes) deleted", aborted, expired, m, c, b);
      }
    }
  }

  private int abortOverduePending(Instant now) {
    return tx.run("Overdue checkpoints", () -> {
      List<CheckpointEntity> overdue =
          checkpoints.findByStateAndCreatedAtBefore(CheckpointState.PENDING, now.minus(properties.commitTimeout()));
      for (CheckpointEntity c : overdue) {
        c.abort();
        events.record(c.getJobId(), JobEventType.CHECKPOINT_ABORTED,
            "Checkpoint " + c.getSeq() + " aborted: not committed within the commit timeout ("
                + properties.commitTimeout() + ").");
      }
      return overdue.size();
    });
  }

  /** Marks expired checkpoints DELETED (with events); returns their manifest keys. */
  private List<String> expireOutOfRetention(Instant now) {
    return tx.run("Checkpoint retention", () -> {
      RetentionPolicy policy = new RetentionPolicy(properties.completedJobRetention());
      Set<String> neededByResubmissions = neededByResubmissions();
      Map<Long, List<CheckpointEntity>> byJob =
          checkpoints.findLive().stream().collect(Collectors.groupingBy(CheckpointEntity::getJobId));
      Map<Long, JobEntity> jobById = new HashMap<>();
      jobs.findAllById(byJob.keySet()).forEach(j -> jobById.put(j.getId(), j));
      List<String> keys = new ArrayList<>();
      for (Map.Entry<Long, List<CheckpointEntity>> e : byJob.entrySet()) {
        JobEntity job = jobById.get(e.getKey());
        if (job == null) {
          continue;
        }
        int retain = job.getRetainCheckpoints() != null ? job.getRetainCheckpoints() : properties.retain();
        Instant finishedAt = job.getState().isFinal()
            ? (job.getFinishedAt() != null ? job.getFinishedAt() : now) : null;
        List<RetentionPolicy.Checkpoint> view = e.getValue().stream()
            .map(c -> new RetentionPolicy.Checkpoint(c.getSeq(), c.getState(),
                c.isPinned() || neededByResubmissions.contains(c.getJobId() + "/" + c.getSeq())))
            .toList();
        Set<Long> expired = policy.expired(new RetentionPolicy.Job(retain, finishedAt), view, now);
        for (CheckpointEntity c : e.getValue()) {
          if (expired.contains(c.getSeq())) {
            CheckpointState was = c.getState();
            c.markDeleted(now);
            keys.add(c.getManifestKey());
            if (was != CheckpointState.ABORTED) {
              events.record(job.getId(), JobEventType.CHECKPOINT_DELETED,
                  "Checkpoint " + c.getSeq() + " (" + was + ") deleted: "
                      + (was == CheckpointState.CORRUPT ? "corrupt" : finishedAt == null
                          ? "beyond the newest " + retain + " kept" : "the job finished")
                      + ".");
            }
          }
        }
      }
      return keys;
    });
  }

  /**
   * "job/seq" of every checkpoint a resubmitted job may still restore: its origin, while it has not
   * ended and has no COMMITTED checkpoint of its own. Kept like a pinned checkpoint (ADR 0003: the
   * new job's first write may reuse the origin's chunks as its previous image).
   */
  private Set<String> neededByResubmissions() {
    Set<String> needed = new HashSet<>();
    for (JobEntity job : jobs.findUnfinishedResubmissions()) {
      if (checkpoints.findFirstByJobIdAndStateOrderBySeqDesc(job.getId(), CheckpointState.COMMITTED).isEmpty()) {
        needed.add(job.getOriginJobId() + "/" + job.getOriginSeq());
      }
    }
    return needed;
  }

  /** Deletes manifests of checkpoints that are not live, and of no checkpoint at all once old. */
  private int deleteStrayManifests(ImageStore store, Instant now) throws IOException {
    Map<String, CheckpointState> live = new HashMap<>();
    for (CheckpointEntity c : checkpoints.findLive()) {
      live.put(c.getManifestKey(), c.getState());
    }
    int deleted = 0;
    for (StoredObject manifest : store.listManifests()) {
      CheckpointState state = live.get(manifest.key());
      boolean kept = state == CheckpointState.PENDING || state == CheckpointState.COMMITTED;
      boolean orphanOldEnough = manifest.lastModified().isBefore(now.minus(properties.chunkGrace()));
      if (!kept && (state != null || isDeletedRow(manifest.key()) || orphanOldEnough)) {
        store.deleteManifest(manifest.key());
        deleted++;
      }
    }
    return deleted;
  }

  private boolean isDeletedRow(String manifestKey) {
    return ImageLayout.parseManifestKey(manifestKey)
        .flatMap(id -> checkpoints.findByJobIdAndSeq(id.jobId(), id.seq()))
        .isPresent();
  }

  private long[] deleteUnreferencedChunks(ImageStore store, Instant runStartedAt) throws IOException {
    Set<String> referenced = new HashSet<>();
    for (CheckpointEntity c : checkpoints.findLive()) {
      if (c.getState() != CheckpointState.COMMITTED && c.getState() != CheckpointState.PENDING) {
        continue;
      }
      try {
        referenced.addAll(store.chunkKeysOf(c.getManifestKey()));
      } catch (ImageNotFoundException e) {
        // PENDING: not written yet (its chunks are young). COMMITTED: gone; nothing to keep for it.
      } catch (CorruptImageException e) {
        log.warn("Checkpoint {} of job {} has an invalid manifest; its chunks are not kept for it: {}",
            c.getSeq(), c.getJobId(), e.getMessage());
      }
    }
    for (RetainedManifests retained : otherManifests.orderedStream().toList()) {
      for (String key : retained.manifestKeys()) {
        try {
          referenced.addAll(store.chunkKeysOf(key));
        } catch (ImageNotFoundException e) {
          // deleted since it was listed: nothing to keep for it
        } catch (CorruptImageException e) {
          log.warn("Manifest {} is invalid; its chunks are not kept for it: {}", key, e.getMessage());
        }
      }
    }
    ChunkSweepRule rule = new ChunkSweepRule(runStartedAt, properties.chunkGrace(), referenced);
    long count = 0;
    long bytes = 0;
    for (StoredObject chunk : store.listChunks()) {
      if (rule.mayDelete(chunk.key(), chunk.lastModified())) {
        store.deleteChunk(chunk.key());
        count++;
        bytes += chunk.size();
      }
    }
    return new long[] {count, bytes};
  }
}
