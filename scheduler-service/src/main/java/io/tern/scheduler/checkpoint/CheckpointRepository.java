package io.tern.scheduler.checkpoint;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Access to {@code checkpoints}. */
public interface CheckpointRepository extends JpaRepository<CheckpointEntity, Long> {

  /** One checkpoint of a job. */
  Optional<CheckpointEntity> findByJobIdAndSeq(long jobId, long seq);

  /** A job's checkpoints, first to last. */
  List<CheckpointEntity> findByJobIdOrderBySeqAsc(long jobId);

  /** The newest checkpoint of a job in a state. */
  Optional<CheckpointEntity> findFirstByJobIdAndStateOrderBySeqDesc(long jobId, CheckpointState state);

  /** A job's checkpoints in a state, newest first. */
  List<CheckpointEntity> findByJobIdAndStateOrderBySeqDesc(long jobId, CheckpointState state);

  /** Checkpoints not yet DELETED (whose manifest may exist), by job and sequence number. */
  @Query("select c from CheckpointEntity c where c.state <> io.tern.scheduler.checkpoint.CheckpointState.DELETED"
      + " order by c.jobId, c.seq")
  List<CheckpointEntity> findLive();

  /** PENDING checkpoints created before {@code before}. */
  List<CheckpointEntity> findByStateAndCreatedAtBefore(CheckpointState state, java.time.Instant before);

  /** Checkpoints of an attempt in a state. */
  List<CheckpointEntity> findByAttemptIdAndState(long attemptId, CheckpointState state);

  /** Highest sequence number used by a job, 0 when none. */
  @Query("select coalesce(max(c.seq), 0) from CheckpointEntity c where c.jobId = :jobId")
  long maxSeq(long jobId);

  /** The newest COMMITTED checkpoint of each of the given jobs. */
  @Query(
      "select c from CheckpointEntity c where c.jobId in :jobIds and c.state ="
          + " io.tern.scheduler.checkpoint.CheckpointState.COMMITTED and c.seq = (select max(c2.seq)"
          + " from CheckpointEntity c2 where c2.jobId = c.jobId and c2.state ="
          + " io.tern.scheduler.checkpoint.CheckpointState.COMMITTED)")
  List<CheckpointEntity> findLatestCommitted(Collection<Long> jobIds);
}
