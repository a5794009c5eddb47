package io.tern.scheduler.job;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Access to {@code jobs}. */
public interface JobRepository extends JpaRepository<JobEntity, Long> {

  /** The placement queue. */
  List<JobEntity> findByStateOrderByPriorityDescSubmittedAtAscIdAsc(JobState state);

  /**
   * The head of the placement queue: the first {@code limit} QUEUED jobs due at {@code now} (not
   * waiting for a retry backoff), in placement order.
   */
  @Query(value = "select * from jobs where state = 'QUEUED' and (not_before is null or not_before <= :now)"
      + " order by priority desc, submitted_at asc, id asc limit :limit", nativeQuery = true)
  List<JobEntity> findQueueHead(java.time.Instant now, int limit);

  /** QUEUED jobs being moved to a chosen worker (a migration target): few, capped by the migration limit. */
  List<JobEntity> findByStateAndTargetWorkerIdIsNotNull(JobState state);

  /**
   * Stores progress reported in a heartbeat. Progress is not a state change: no version bump, so it
   * never conflicts with a concurrent state change.
   */
  @Modifying(flushAutomatically = true, clearAutomatically = false)
  @Query("update JobEntity j set j.step = :step, j.progress = :progress where j.id = :id")
  int updateProgress(long id, long step, Double progress);

  /**
   * Jobs of {@code owner} that have not ended, after taking a lock on the owner for the rest of the
   * transaction, so that concurrent submissions of one owner count one after another.
   */
  @Query(value = "select count(*) from jobs, (select pg_advisory_xact_lock(hashtext('owner:' || :owner))) as owner_lock"
      + " where owner = :owner and state not in ('COMPLETED', 'FAILED', 'CANCELLED')", nativeQuery = true)
  long countUnfinishedLockingOwner(String owner);

  /** Resubmitted jobs that have not ended: they may still restore their origin checkpoint. */
  @Query("select j from JobEntity j where j.originJobId is not null and j.state not in"
      + " (io.tern.scheduler.job.JobState.COMPLETED, io.tern.scheduler.job.JobState.FAILED,"
      + " io.tern.scheduler.job.JobState.CANCELLED)")
  List<JobEntity> findUnfinishedResubmissions();

  /** The manifests of every published set of output files: the chunk collector keeps their packs. */
  @Query("select j.outputsManifestKey from JobEntity j where j.outputsManifestKey is not null")
  List<String> findOutputsManifestKeys();
}
