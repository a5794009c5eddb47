package io.tern.scheduler.checkpoint;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.job.JobAccess;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jakarta.validation.constraints.Positive;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/jobs/{id}/checkpoints}: a job's checkpoints with their metrics. */
@RestController
public class CheckpointController {

  private final JobAccess jobs;
  private final CheckpointRepository checkpoints;
  private final AttemptRepository attempts;

  public CheckpointController(JobAccess jobs, CheckpointRepository checkpoints, AttemptRepository attempts) {
    this.jobs = jobs;
    this.checkpoints = checkpoints;
    this.attempts = attempts;
  }

  /** A job's checkpoints, by sequence number. */
  @GetMapping("/api/v1/jobs/{id}/checkpoints")
  @Transactional(readOnly = true)
  public List<CheckpointView> list(@PathVariable @Positive(message = "must be a positive number") long id) {
    jobs.require(id);
    Map<Long, Integer> numbers =
        attempts.findByJobIdOrderByNumberAsc(id).stream()
            .collect(Collectors.toMap(AttemptEntity::getId, AttemptEntity::getNumber));
    return checkpoints.findByJobIdOrderBySeqAsc(id).stream()
        .map(
            c ->
                new CheckpointView(
                    c.getSeq(), c.getState(), numbers.get(c.getAttemptId()), c.getStep(), c.getCreatedAt(),
                    c.getCommittedAt(), c.getSnapshotMs(), c.getCommitMs(), c.getLogicalBytes(), c.getStoredBytes(),
                    c.getUploadedBytes(), c.getChunks(), c.getChunksReused(), c.getManifestKey(), c.isPinned(),
                    c.getCorruptReason(), c.getDeletedAt()))
        .toList();
  }
}
