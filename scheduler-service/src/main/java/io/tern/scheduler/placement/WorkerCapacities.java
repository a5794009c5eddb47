package io.tern.scheduler.placement;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerRepository;
import io.tern.scheduler.worker.WorkerState;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Reads the free capacity of every worker: its slots and memory minus its live attempts. */
@Component
public class WorkerCapacities {

  private final WorkerRepository workers;
  private final AttemptRepository attempts;

  public WorkerCapacities(WorkerRepository workers, AttemptRepository attempts) {
    this.workers = workers;
    this.attempts = attempts;
  }

  /** Capacities of all workers, in the caller's transaction. */
  public List<WorkerCapacity> snapshot() {
    Map<Long, List<AttemptEntity>> live =
        attempts.findByStateIn(EnumSet.of(AttemptState.PENDING, AttemptState.RUNNING)).stream()
            .collect(Collectors.groupingBy(AttemptEntity::getWorkerId));
    return workers.findAllByOrderByNameAsc().stream().map(w -> capacity(w, live.getOrDefault(w.getId(), List.of()))).toList();
  }

  private static WorkerCapacity capacity(WorkerEntity w, List<AttemptEntity> live) {
    int usedSlots = live.stream().mapToInt(AttemptEntity::getSlots).sum();
    long usedMemory = live.stream().mapToLong(AttemptEntity::getMemoryMb).sum();
    String ineligible = w.getState() != WorkerState.ACTIVE ? WorkerCapacity.LOST
        : w.isCordoned() ? "cordoned" + (w.getCordonReason() == null ? "" : " (" + w.getCordonReason() + ")") : null;
    return new WorkerCapacity(
        w.getId(), w.getName(), w.isEligible(), w.getSlots() - usedSlots, w.getMemoryMb() - usedMemory, w.getLabels(),
        ineligible);
  }
}
