package io.tern.scheduler.logs;

import io.tern.image.ImageStore;
import io.tern.image.LogLayout;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.events.JobEventView;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerRepository;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A job's log as any scheduler replica serves it: the attempts from the database, the lines from the
 * segments its workers shipped to storage (never from a worker or this replica's memory).
 */
@Component
public class JobLogService {

  private final AttemptRepository attempts;
  private final WorkerRepository workers;
  private final CheckpointRepository checkpoints;
  private final JobRepository jobs;
  private final ObjectProvider<ImageStore> images;
  private final TransactionTemplate readOnly;

  public JobLogService(AttemptRepository attempts, WorkerRepository workers, CheckpointRepository checkpoints,
      JobRepository jobs, ObjectProvider<ImageStore> images, org.springframework.transaction.PlatformTransactionManager tx) {
    this.attempts = attempts;
    this.workers = workers;
    this.checkpoints = checkpoints;
    this.jobs = jobs;
    this.images = images;
    this.readOnly = new TransactionTemplate(tx);
    this.readOnly.setReadOnly(true);
  }

  /** The job's attempts as its log's markers show them, and whether the job is final. */
  record Snapshot(List<AttemptInfo> attempts, boolean jobFinal) {}

  /** Reads the attempts of job {@code jobId}; worker names only for a caller who sees all jobs. */
  Snapshot snapshot(long jobId, boolean operator) {
    return readOnly.execute(status -> {
      JobEntity job = jobs.findById(jobId).orElseThrow();
      List<AttemptEntity> rows = attempts.findByJobIdOrderByNumberAsc(jobId);
      Map<Long, String> names = rows.isEmpty() ? Map.of() : workers.findAllById(
          rows.stream().map(AttemptEntity::getWorkerId).distinct().toList()).stream()
          .collect(Collectors.toMap(WorkerEntity::getId, WorkerEntity::getName));
      List<AttemptInfo> infos = rows.stream().map(a -> info(jobId, a, names.get(a.getWorkerId()), operator)).toList();
      return new Snapshot(infos, job.getState().isFinal());
    });
  }

  private AttemptInfo info(long jobId, AttemptEntity a, String worker, boolean operator) {
    Long seq = a.getRestoredFromSeq() != null ? a.getRestoredFromSeq() : a.getRestoreFromSeq();
    Long fromJob = a.getRestoreFromJobId();
    Long step = seq == null ? null : checkpoints.findByJobIdAndSeq(fromJob != null ? fromJob : jobId, seq)
        .map(CheckpointEntity::getStep).orElse(null);
    String reason = a.getError() != null ? a.getError() : a.getStopReason();
    if (!operator) {
      reason = JobEventView.hideWorker(reason, worker);
    }
    return new AttemptInfo(a.getNumber(), operator ? worker : null, a.getState().name(), a.getPlacedAt(),
        a.getStartedAt(), a.getEndedAt(), seq, fromJob, step, reason);
  }

  /**
   * Delivers the lines after {@code after} (optionally of one attempt) to {@code out}.
   *
   * @throws LogStorageException when storage cannot be read
   */
  JobLogReader.Progress read(long jobId, boolean operator, LogPosition after, Integer only, Consumer<LogLine> out) {
    Snapshot snapshot = snapshot(jobId, operator);
    try {
      return new JobLogReader(segments()).read(jobId, snapshot.attempts(), snapshot.jobFinal(), after, only, out);
    } catch (IOException e) {
      throw new LogStorageException(e);
    }
  }

  private JobLogReader.Segments segments() {
    ImageStore store = images.getIfAvailable();
    if (store == null) {
      return new JobLogReader.Segments() {
        @Override
        public List<LogLayout.Segment> list(long jobId) {
          return List.of(); // no storage: workers ship nowhere, the log is the markers
        }

        @Override
        public byte[] read(LogLayout.Segment segment) {
          return new byte[0];
        }
      };
    }
    return new JobLogReader.Segments() {
      @Override
      public List<LogLayout.Segment> list(long jobId) throws IOException {
        return store.listLogSegments(jobId);
      }

      @Override
      public byte[] read(LogLayout.Segment segment) throws IOException {
        return store.readLogSegment(segment).orElse(new byte[0]);
      }
    };
  }
}
