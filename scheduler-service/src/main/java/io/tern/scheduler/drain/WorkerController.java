package io.tern.scheduler.drain;

import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerEventRepository;
import io.tern.scheduler.worker.WorkerEventView;
import io.tern.scheduler.worker.WorkerRepository;
import io.tern.scheduler.worker.WorkerView;

import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.placement.WorkerCapacity;
import io.tern.scheduler.placement.WorkerCapacityReader;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/workers}: every known worker with its free capacity; one worker; its audit log. */
@RestController
public class WorkerController {

  private final WorkerRepository workers;
  private final WorkerCapacityReader cluster;
  private final WorkerEventRepository events;

  public WorkerController(WorkerRepository workers, WorkerCapacityReader cluster, WorkerEventRepository events) {
    this.workers = workers;
    this.cluster = cluster;
    this.events = events;
  }

  /** All workers by name. */
  @GetMapping("/api/v1/workers")
  @Transactional(readOnly = true)
  public List<WorkerView> list() {
    // workers first, capacities after (each statement sees its own snapshot): a worker that registers
    // in between is then only in the capacities, never listed without them
    List<WorkerEntity> all = workers.findAllByOrderByNameAsc();
    Map<Long, WorkerCapacity> free =
        cluster.capacities().stream().collect(Collectors.toMap(WorkerCapacity::workerId, Function.identity()));
    return all.stream().filter(w -> free.containsKey(w.getId())).map(w -> view(w, free.get(w.getId()))).toList();
  }

  /** One worker. */
  @GetMapping("/api/v1/workers/{id}")
  @Transactional(readOnly = true)
  public WorkerView get(@PathVariable @Positive(message = "must be a positive number") long id) {
    return list().stream().filter(w -> w.id() == id).findFirst().orElseThrow(() -> new NotFoundException("Worker", id));
  }

  /** A worker's audit log (cordon, drain, ...), oldest first. */
  @GetMapping("/api/v1/workers/{id}/events")
  @Transactional(readOnly = true)
  public List<WorkerEventView> events(@PathVariable @Positive(message = "must be a positive number") long id) {
    workers.findById(id).orElseThrow(() -> new NotFoundException("Worker", id));
    return events.findByWorkerIdOrderByIdAsc(id).stream()
        .map(e -> new WorkerEventView(e.getId(), e.getType(), e.getMessage(), e.getActor(), e.getCreatedAt()))
        .toList();
  }

  private static WorkerView view(WorkerEntity w, WorkerCapacity free) {
    return new WorkerView(
        w.getId(), w.getName(), w.getState(), w.getSlots(), w.getMemoryMb(), free.freeSlots(), free.freeMemoryMb(),
        w.getLabels(), w.getSoftwareVersion(), w.getRegisteredAt(), w.getLastSeenAt(), w.isEligible(), w.isCordoned(),
        w.getCordonReason());
  }
}
