package io.tern.scheduler.worker;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Access to {@code worker_events}. */
public interface WorkerEventRepository extends JpaRepository<WorkerEventEntity, Long> {

  /** A worker's entries in order. */
  List<WorkerEventEntity> findByWorkerIdOrderByIdAsc(long workerId);
}
