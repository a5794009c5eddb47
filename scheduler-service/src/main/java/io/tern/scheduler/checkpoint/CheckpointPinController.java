package io.tern.scheduler.checkpoint;

import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.api.StateConflictException;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobAccess;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/jobs/{id}/checkpoints/{seq}/pin} keeps a COMMITTED checkpoint beyond the job's
 * retention (also after the job finished); {@code DELETE} gives it back to retention. For the job's
 * owner and operators (the job must be visible to the caller).
 */
@RestController
public class CheckpointPinController {

  private final JobAccess jobs;
  private final CheckpointRepository checkpoints;
  private final JobEventLog events;

  public CheckpointPinController(JobAccess jobs, CheckpointRepository checkpoints, JobEventLog events) {
    this.jobs = jobs;
    this.checkpoints = checkpoints;
    this.events = events;
  }

  /** Pins the checkpoint. */
  @PostMapping("/api/v1/jobs/{id}/checkpoints/{seq}/pin")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Transactional
  public void pin(@PathVariable @Positive long id, @PathVariable @Positive long seq) {
    CheckpointEntity c = require(id, seq);
    if (c.getState() != CheckpointState.COMMITTED) {
      throw new StateConflictException(
          "Checkpoint " + seq + " of job " + id + " is " + c.getState() + "; only a COMMITTED checkpoint can be pinned.");
    }
    if (!c.isPinned()) {
      c.setPinned(true);
      events.record(id, JobEventType.CHECKPOINT_PINNED, "Checkpoint " + seq + " pinned: kept beyond retention.");
    }
  }

  /** Unpins the checkpoint: retention applies to it again. */
  @DeleteMapping("/api/v1/jobs/{id}/checkpoints/{seq}/pin")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Transactional
  public void unpin(@PathVariable @Positive long id, @PathVariable @Positive long seq) {
    CheckpointEntity c = require(id, seq);
    if (c.isPinned()) {
      c.setPinned(false);
      events.record(id, JobEventType.CHECKPOINT_UNPINNED, "Checkpoint " + seq + " unpinned: retention applies again.");
    }
  }

  private CheckpointEntity require(long id, long seq) {
    JobEntity job = jobs.require(id);
    return checkpoints.findByJobIdAndSeq(job.getId(), seq)
        .orElseThrow(() -> new NotFoundException("Checkpoint", id + "/" + seq));
  }
}
