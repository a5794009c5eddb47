package io.tern.scheduler.attempt;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;

/** Row of {@code attempts}: one placement of a job on a worker; its number is the fencing epoch. */
@Entity
@Table(name = "attempts")
public class AttemptEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "job_id")
  private long jobId;

  private int number;

  @Column(name = "worker_id")
  private long workerId;

  @Enumerated(EnumType.STRING)
  private AttemptState state;

  @Enumerated(EnumType.STRING)
  private DesiredState desired;

  private int slots;

  @Column(name = "memory_mb")
  private int memoryMb;

  @Column(name = "restore_from_seq")
  private Long restoreFromSeq;

  @Column(name = "restored_from_seq")
  private Long restoredFromSeq;

  @Column(name = "placed_at")
  private Instant placedAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  @Column(name = "recovery_ms")
  private Long recoveryMs;

  @Column(name = "restore_ms")
  private Long restoreMs;

  @Column(name = "restored_bytes")
  private Long restoredBytes;

  @Column(name = "exit_code")
  private Integer exitCode;

  private String error;

  /** The job whose checkpoint {@code restoreFromSeq} names; null = this attempt's own job. */
  @Column(name = "restore_from_job_id")
  private Long restoreFromJobId;

  @Column(name = "stop_reason")
  private String stopReason;

  @Column(name = "stop_requested_at")
  private Instant stopRequestedAt;

  @Version private long version;

  protected AttemptEntity() {}

  /** A new PENDING attempt that the worker should run (desired RUN). */
  public AttemptEntity(
      long jobId, int number, long workerId, int slots, int memoryMb, Long restoreFromSeq, Instant placedAt) {
    this.jobId = jobId;
    this.number = number;
    this.workerId = workerId;
    this.slots = slots;
    this.memoryMb = memoryMb;
    this.restoreFromSeq = restoreFromSeq;
    this.placedAt = placedAt;
    this.state = AttemptState.PENDING;
    this.desired = DesiredState.RUN;
  }

  /** PENDING → RUNNING, with the restore metrics the worker measured. */
  public void started(Long restoredFromSeq, long restoreMs, long restoredBytes, Instant at) {
    this.state = state.on(AttemptTrigger.STARTED);
    this.startedAt = at;
    this.restoredFromSeq = restoredFromSeq;
    this.restoreMs = restoreMs;
    this.restoredBytes = restoredBytes;
    this.recoveryMs = Duration.between(placedAt, at).toMillis();
  }

  /** Ends the attempt (SUCCEEDED, FAILED, LOST or KILLED). */
  public void ended(AttemptTrigger trigger, String error, Integer exitCode, Instant at) {
    this.state = state.on(trigger);
    this.endedAt = at;
    this.error = error;
    this.exitCode = exitCode;
  }

  /** The scheduler now wants this attempt stopped. */
  public void requestKill() {
    this.desired = DesiredState.KILL;
  }

  /** The scheduler now wants this attempt stopped without a new checkpoint, because {@code reason}. */
  public void requestKill(String reason, Instant at) {
    this.desired = DesiredState.KILL;
    this.stopReason = reason;
    this.stopRequestedAt = at;
  }

  /**
   * The scheduler now wants this attempt checkpointed and then stopped, because {@code reason}. An
   * attempt already asked to stop keeps its first order.
   */
  public void requestVacate(String reason, Instant at) {
    if (desired != DesiredState.RUN) {
      return;
    }
    this.desired = DesiredState.VACATE;
    this.stopReason = reason;
    this.stopRequestedAt = at;
  }

  /** Restores from checkpoint {@code seq} of another job (a resubmission's first attempt). */
  public void restoreFromOtherJob(long jobId, long seq) {
    this.restoreFromJobId = jobId;
    this.restoreFromSeq = seq;
  }

  public Long getRestoreFromJobId() {
    return restoreFromJobId;
  }

  public String getStopReason() {
    return stopReason;
  }

  public Instant getStopRequestedAt() {
    return stopRequestedAt;
  }

  public Long getId() {
    return id;
  }

  public long getJobId() {
    return jobId;
  }

  public int getNumber() {
    return number;
  }

  public long getWorkerId() {
    return workerId;
  }

  public AttemptState getState() {
    return state;
  }

  public DesiredState getDesired() {
    return desired;
  }

  public int getSlots() {
    return slots;
  }

  public int getMemoryMb() {
    return memoryMb;
  }

  public Long getRestoreFromSeq() {
    return restoreFromSeq;
  }

  public Long getRestoredFromSeq() {
    return restoredFromSeq;
  }

  public Instant getPlacedAt() {
    return placedAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getEndedAt() {
    return endedAt;
  }

  public Long getRecoveryMs() {
    return recoveryMs;
  }

  public Long getRestoreMs() {
    return restoreMs;
  }

  public Long getRestoredBytes() {
    return restoredBytes;
  }

  public Integer getExitCode() {
    return exitCode;
  }

  public String getError() {
    return error;
  }
}
