package io.tern.scheduler.schedule;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tern.scheduler.security.CurrentCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/schedules} (OPERATOR): recurring submissions of a job template on a cron schedule. */
@RestController
@RequestMapping("/api/v1/schedules")
@Tag(name = "Schedules", description = "Recurring submissions (Quartz cron, clustered)")
public class ScheduleController {

  private final ScheduleService service;
  private final CurrentCaller caller;

  public ScheduleController(ScheduleService service, CurrentCaller caller) {
    this.service = service;
    this.caller = caller;
  }

  /**
   * Creates a schedule; 201 with its next fire times. Jobs it submits belong to the caller, and it
   * fires only while the caller's API token is valid.
   */
  @PostMapping
  @Operation(summary = "Create a recurring submission")
  public ResponseEntity<ScheduleView> create(@Valid @RequestBody ScheduleRequest request) {
    ScheduleView created = service.create(request, caller.get().owner(), caller.tokenId().orElse(null));
    URI location = URI.create("/api/v1/schedules/" + created.id());
    return ResponseEntity.created(location).body(created);
  }

  /** All schedules. */
  @GetMapping
  @Operation(summary = "List schedules with their next fire times")
  public List<ScheduleView> list() {
    return service.list();
  }

  /** One schedule. */
  @GetMapping("/{id}")
  @Operation(summary = "One schedule with its next fire times")
  public ScheduleView get(@PathVariable @Positive(message = "must be a positive number") long id) {
    return service.get(id);
  }

  /** Stops firing until resumed. */
  @PostMapping("/{id}/pause")
  @Operation(summary = "Pause a schedule")
  public ScheduleView pause(@PathVariable @Positive(message = "must be a positive number") long id) {
    return service.pause(id, caller.get().owner());
  }

  /** Fires again from the next matching time, from now on as the caller (its owner and token). */
  @PostMapping("/{id}/resume")
  @Operation(summary = "Resume a paused schedule")
  public ScheduleView resume(@PathVariable @Positive(message = "must be a positive number") long id) {
    return service.resume(id, caller.get().owner(), caller.tokenId().orElse(null));
  }

  /** Deletes the schedule; jobs it submitted stay. */
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a schedule (its jobs stay)")
  public void delete(@PathVariable @Positive(message = "must be a positive number") long id) {
    service.delete(id, caller.get().owner());
  }
}
