package io.tern.scheduler.worker;

import io.tern.scheduler.placement.WorkerCapacities;
import io.tern.scheduler.placement.WorkerCapacity;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/workers}: every known worker with its free capacity. */
@RestController
public class WorkerController {

  private final WorkerRepository workers;
  private final WorkerCapacities capacities;

  public WorkerController(WorkerRepository workers, WorkerCapacities capacities) {
    this.workers = workers;
    this.capacities = capacities;
  }

  /** All workers by name. */
  @GetMapping("/api/v1/workers")
  @Transactional(readOnly = true)
  public List<WorkerView> list() {
    Map<Long, WorkerCapacity> free =
        capacities.snapshot().stream().collect(Collectors.toMap(WorkerCapacity::workerId, Function.identity()));
    return workers.findAllByOrderByNameAsc().stream()
        .map(
            w ->
                new WorkerView(
                    w.getId(), w.getName(), w.getState(), w.getSlots(), w.getMemoryMb(),
                    free.get(w.getId()).freeSlots(), free.get(w.getId()).freeMemoryMb(), w.getLabels(),
                    w.getSoftwareVersion(), w.getRegisteredAt(), w.getLastSeenAt()))
        .toList();
  }
}
