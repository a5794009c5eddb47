package io.tern.scheduler.events;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Access to {@code job_events}. */
public interface JobEventRepository extends JpaRepository<JobEventEntity, Long> {

  /** A job's events in order. */
  List<JobEventEntity> findByJobIdOrderByIdAsc(long jobId);
}
