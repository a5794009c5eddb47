package io.tern.scheduler.checkpoint;

import io.tern.protocol.CheckpointCorrupt;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Worker protocol: {@code POST /internal/v1/workers/{w}/attempts/{a}/checkpoints/{seq}/corrupt} — a
 * restore found the checkpoint's image damaged. Fenced like every attempt call; authenticated as
 * the worker's own path by the security configuration.
 */
@RestController
public class CheckpointCorruptionController {

  private final CheckpointService checkpoints;

  public CheckpointCorruptionController(CheckpointService checkpoints) {
    this.checkpoints = checkpoints;
  }

  /** Marks the checkpoint CORRUPT. */
  @PostMapping("/internal/v1/workers/{workerId}/attempts/{attemptId}/checkpoints/{seq}/corrupt")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void corrupt(
      @PathVariable long workerId, @PathVariable @Positive long attemptId, @PathVariable @Positive long seq,
      @RequestBody CheckpointCorrupt report) {
    checkpoints.reportCorrupt(workerId, attemptId, seq, report);
  }
}
