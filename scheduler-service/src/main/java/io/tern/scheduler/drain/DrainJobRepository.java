package io.tern.scheduler.drain;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Access to {@code drain_jobs}. */
public interface DrainJobRepository extends JpaRepository<DrainJobEntity, Long> {

  /** The attempts of one drain, in the order they were recorded. */
  List<DrainJobEntity> findByDrainIdOrderByIdAsc(long drainId);
}
