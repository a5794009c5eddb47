package io.tern.scheduler.drain;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Access to {@code drains}. */
public interface DrainRepository extends JpaRepository<DrainEntity, Long> {

  /** Drains in a state, oldest first. */
  List<DrainEntity> findByStateOrderByIdAsc(DrainState state);

  /** The newest drain of a worker. */
  Optional<DrainEntity> findFirstByWorkerIdOrderByIdDesc(long workerId);

  /** The drain in progress on a worker, if any. */
  Optional<DrainEntity> findByWorkerIdAndState(long workerId, DrainState state);

  /** The newest drains. */
  List<DrainEntity> findTop100ByOrderByIdDesc();
}
