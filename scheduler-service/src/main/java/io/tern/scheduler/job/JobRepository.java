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
   * Stores progress reported in a heartbeat. Progress is not a state change: no version bump, so it
   * never conflicts with a concurrent state change.
   */
  @Modifying(flushAutomatically = true, clearAutomatically = false)
  @Query("update JobEntity j set j.step = :step, j.progress = :progress where j.id = :id")
  int updateProgress(long id, long step, Double progress);

  /** Resubmitted jobs that have not ended: they may still restore their origin checkpoint. */
  @Query("select j from JobEntity j where j.originJobId is not null and j.state not in"
      + " (io.tern.scheduler.job.JobState.COMPLETED, io.tern.scheduler.job.JobState.FAILED,"
      + " io.tern.scheduler.job.JobState.CANCELLED)")
  List<JobEntity> findUnfinishedResubmissions();
}
