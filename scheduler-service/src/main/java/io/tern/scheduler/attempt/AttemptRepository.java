package io.tern.scheduler.attempt;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Access to {@code attempts}. */
public interface AttemptRepository extends JpaRepository<AttemptEntity, Long> {

  /** Attempts of one worker in the given states. */
  List<AttemptEntity> findByWorkerIdAndStateIn(long workerId, Collection<AttemptState> states);

  /** Attempts in the given states on any of the given workers (the orders long-polling workers wait for). */
  List<AttemptEntity> findByWorkerIdInAndStateIn(Collection<Long> workerIds, Collection<AttemptState> states);

  /** Attempts in the given states on any worker (to compute free capacity). */
  List<AttemptEntity> findByStateIn(Collection<AttemptState> states);

  /** A job's attempts, first to last. */
  List<AttemptEntity> findByJobIdOrderByNumberAsc(long jobId);

  /** Attempts in the given states that the scheduler wants in {@code desired} (e.g. VACATE: moves in flight). */
  List<AttemptEntity> findByStateInAndDesired(Collection<AttemptState> states, DesiredState desired);
}
