package io.tern.scheduler.checkpoint;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Row of {@code chunk_collections}: one run of the chunk collector, recorded (committed) before it
 * deletes anything, so a concurrent commit that re-uploaded old chunks can see it (ADR 0003).
 */
@Entity
@Table(name = "chunk_collections")
public class ChunkCollectionEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Column(name = "chunks_deleted")
  private int chunksDeleted;

  @Column(name = "bytes_deleted")
  private long bytesDeleted;

  @Column(name = "manifests_deleted")
  private int manifestsDeleted;

  protected ChunkCollectionEntity() {}

  /** A run that starts now. */
  public ChunkCollectionEntity(Instant startedAt) {
    this.startedAt = startedAt;
  }

  /** Records the end of the run and what it deleted. */
  public void finished(Instant at, int manifests, int chunks, long bytes) {
    this.finishedAt = at;
    this.manifestsDeleted = manifests;
    this.chunksDeleted = chunks;
    this.bytesDeleted = bytes;
  }

  public Long getId() {
    return id;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getFinishedAt() {
    return finishedAt;
  }

  public int getChunksDeleted() {
    return chunksDeleted;
  }
}
