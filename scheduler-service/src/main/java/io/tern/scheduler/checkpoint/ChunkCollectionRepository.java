package io.tern.scheduler.checkpoint;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Access to {@code chunk_collections}: runs of the collector that deleted chunks. */
public interface ChunkCollectionRepository extends JpaRepository<ChunkCollectionEntity, Long> {

  /**
   * Whether a collection that deleted chunks (or one still running) overlapped {@code [from, to]}.
   */
  @Query("select count(c) > 0 from ChunkCollectionEntity c where c.startedAt <= :to"
      + " and (c.finishedAt is null or (c.finishedAt >= :from and c.chunksDeleted > 0))")
  boolean overlapping(Instant from, Instant to);

  /** Forgets collections that ended before {@code before} (no commit can still overlap them). */
  @Modifying
  @Query("delete from ChunkCollectionEntity c where c.finishedAt < :before")
  int deleteFinishedBefore(Instant before);
}
