package io.tern.scheduler.job;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Access to {@code jobs}. */
public interface JobRepository extends JpaRepository<JobEntity, Long> {

  /** Jobs in one state, newest first by the pageable's sort. */
  Page<JobEntity> findByState(JobState state, Pageable pageable);

  /** One owner's jobs. */
  Page<JobEntity> findByOwner(String owner, Pageable pageable);

  /** One owner's jobs in one state. */
  Page<JobEntity> findByOwnerAndState(String owner, JobState state, Pageable pageable);

  /** The placement queue. */
  List<JobEntity> findByStateOrderByPriorityDescSubmittedAtAscIdAsc(JobState state);

  /**
   * Stores progress reported in a heartbeat. Progress is not a state change: no version bump, so it
   * never conflicts with a concurrent state change.
   */
  @Modifying(flushAutomatically = true, clearAutomatically = false)
  @Query("update JobEntity j set j.step = :step, j.progress = :progress where j.id = :id")
  int updateProgress(long id, long step, Double progress);
}
