package io.tern.scheduler.worker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Access to {@code workers}. */
public interface WorkerRepository extends JpaRepository<WorkerEntity, Long> {

  /** The worker registered under {@code name}. */
  Optional<WorkerEntity> findByName(String name);

  /** Workers in {@code state} last seen before {@code cutoff}. */
  List<WorkerEntity> findByStateAndLastSeenAtBefore(WorkerState state, Instant cutoff);

  /** All workers by name. */
  List<WorkerEntity> findAllByOrderByNameAsc();
}
