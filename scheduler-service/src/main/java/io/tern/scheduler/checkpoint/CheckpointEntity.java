package io.tern.scheduler.checkpoint;

import io.tern.image.ImageLayout;
import io.tern.protocol.CheckpointCommit;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Row of {@code checkpoints}: one image of a job, numbered per job. */
@Entity
@Table(name = "checkpoints")
public class CheckpointEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "job_id")
  private long jobId;

  private long seq;

  @Column(name = "attempt_id")
  private long attemptId;

  @Enumerated(EnumType.STRING)
  private CheckpointState state;

  @Column(name = "manifest_key")
  private String manifestKey;

  private Long step;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "committed_at")
  private Instant committedAt;

  @Column(name = "snapshot_ms")
  private Long snapshotMs;

  @Column(name = "commit_ms")
  private Long commitMs;

  @Column(name = "logical_bytes")
  private Long logicalBytes;

  @Column(name = "stored_bytes")
  private Long storedBytes;

  @Column(name = "uploaded_bytes")
  private Long uploadedBytes;

  private Integer chunks;

  @Column(name = "chunks_reused")
  private Integer chunksReused;

  @Column(name = "chunks_refreshed")
  private Integer chunksRefreshed;

  private boolean pinned;

  @Column(name = "corrupt_reason")
  private String corruptReason;

  @Column(name = "deleted_at")
  private Instant deletedAt;

  @Version private long version;

  protected CheckpointEntity() {}

  /** A new PENDING checkpoint. */
  public CheckpointEntity(long jobId, long seq, long attemptId, Instant createdAt) {
    this.jobId = jobId;
    this.seq = seq;
    this.attemptId = attemptId;
    this.createdAt = createdAt;
    this.state = CheckpointState.PENDING;
    this.manifestKey = ImageLayout.manifestKey(jobId, seq);
  }

  /** PENDING → COMMITTED with the worker's metrics. */
  public void commit(CheckpointCommit metrics, Instant at) {
    requirePending();
    this.state = state.on(CheckpointTrigger.COMMIT);
    this.committedAt = at;
    this.chunksRefreshed = metrics.chunksRefreshed();
    this.step = metrics.step();
    this.snapshotMs = metrics.snapshotMillis();
    this.commitMs = metrics.commitMillis();
    this.logicalBytes = metrics.logicalBytes();
    this.storedBytes = metrics.storedBytes();
    this.uploadedBytes = metrics.uploadedBytes();
    this.chunks = metrics.chunks();
    this.chunksReused = metrics.chunksReused();
  }

  /** PENDING → ABORTED. */
  public void abort() {
    requirePending();
    this.state = state.on(CheckpointTrigger.ABORT);
  }

  /** COMMITTED → CORRUPT: a restore found the image damaged ({@code reason} for a person, truncated). */
  public void markCorrupt(String reason) {
    this.state = state.on(CheckpointTrigger.CORRUPTION_FOUND);
    this.corruptReason = reason == null ? null : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
  }

  /** → DELETED: the manifest was removed from storage. */
  public void markDeleted(Instant at) {
    this.state = state.on(CheckpointTrigger.RETENTION_EXPIRED);
    this.deletedAt = at;
  }

  /** Keeps (or no longer keeps) the checkpoint beyond the job's retention. */
  public void setPinned(boolean pinned) {
    this.pinned = pinned;
  }

  public boolean isPinned() {
    return pinned;
  }

  public String getCorruptReason() {
    return corruptReason;
  }

  public Integer getChunksRefreshed() {
    return chunksRefreshed;
  }

  public Instant getDeletedAt() {
    return deletedAt;
  }

  private void requirePending() {
    if (state != CheckpointState.PENDING) {
      throw new CheckpointNotPendingException(jobId, seq, state);
    }
  }

  public Long getId() {
    return id;
  }

  public long getJobId() {
    return jobId;
  }

  public long getSeq() {
    return seq;
  }

  public long getAttemptId() {
    return attemptId;
  }

  public CheckpointState getState() {
    return state;
  }

  public String getManifestKey() {
    return manifestKey;
  }

  public Long getStep() {
    return step;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getCommittedAt() {
    return committedAt;
  }

  public Long getSnapshotMs() {
    return snapshotMs;
  }

  public Long getCommitMs() {
    return commitMs;
  }

  public Long getLogicalBytes() {
    return logicalBytes;
  }

  public Long getStoredBytes() {
    return storedBytes;
  }

  public Long getUploadedBytes() {
    return uploadedBytes;
  }

  public Integer getChunks() {
    return chunks;
  }

  public Integer getChunksReused() {
    return chunksReused;
  }
}
