package io.tern.scheduler.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Row of {@code jobs}: what the user asked for, and where the job stands. */
@Entity
@DynamicUpdate
@Table(name = "jobs")
public class JobEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;
  private String type;

  /** Who submitted the job (the owner of the token); a submitter sees only its own jobs. */
  private String owner;

  @Column(name = "entry_class")
  private String entryClass;

  @JdbcTypeCode(SqlTypes.JSON)
  private Map<String, Object> parameters = new LinkedHashMap<>();

  private int slots;

  @Column(name = "memory_mb")
  private int memoryMb;

  @Column(name = "checkpoint_interval_seconds")
  private int checkpointIntervalSeconds;

  @Column(name = "max_retries")
  private int maxRetries;

  private int priority;

  @Enumerated(EnumType.STRING)
  private JobState state;

  @Column(name = "retry_count")
  private int retryCount;

  @Column(name = "not_before")
  private Instant notBefore;

  @Column(name = "current_attempt_id")
  private Long currentAttemptId;

  @Column(name = "attempt_count")
  private int attemptCount;

  private Long step;
  private Double progress;

  /** The job's result as JSON text (stored as jsonb). */
  @JdbcTypeCode(SqlTypes.JSON)
  private String result;

  private String error;

  @Column(name = "submitted_at")
  private Instant submittedAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  /** COMMITTED checkpoints kept while the job runs; null = {@code tern.checkpoints.retain}. */
  @Column(name = "retain_checkpoints")
  private Integer retainCheckpoints;

  /** Non-null while the job is to be held (RUNNING: being checkpointed and stopped; HELD: held). */
  @Column(name = "hold_reason")
  private String holdReason;

  /** Worker labels the job requires; a worker must have each with the same value. */
  @JdbcTypeCode(SqlTypes.JSON)
  private Map<String, String> constraints = new LinkedHashMap<>();

  /** Where the next placement must go (set by migrate), or null. */
  @Column(name = "target_worker_id")
  private Long targetWorkerId;

  /** Labels the next placement's worker must have (set by migrate), or null. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "target_labels")
  private Map<String, String> targetLabels;

  @Column(name = "last_moved_at")
  private Instant lastMovedAt;

  /** The next placement avoids this worker when another one fits (migrate without a target), or null. */
  @Column(name = "avoid_worker_id")
  private Long avoidWorkerId;

  @Column(name = "origin_job_id")
  private Long originJobId;

  @Column(name = "origin_seq")
  private Long originSeq;

  @Column(name = "schedule_id")
  private Long scheduleId;

  /** The manifest of the output files the succeeding attempt published; null until the job completes. */
  @Column(name = "outputs_manifest_key")
  private String outputsManifestKey;

  @Version private long version;

  protected JobEntity() {}

  /** A new QUEUED job of {@code owner}. */
  public JobEntity(JobSpec spec, String owner, Instant submittedAt) {
    this.owner = owner;
    this.name = spec.name();
    this.type = spec.type();
    this.entryClass = spec.entryClass();
    this.parameters = new LinkedHashMap<>(spec.parameters());
    this.slots = spec.slots();
    this.memoryMb = spec.memoryMb();
    this.checkpointIntervalSeconds = spec.checkpointIntervalSeconds();
    this.maxRetries = spec.maxRetries();
    this.priority = spec.priority();
    this.state = JobState.QUEUED;
    this.submittedAt = submittedAt;
  }

  /** Moves the job along its lifecycle; throws {@code IllegalTransitionException} if not allowed. */
  public JobState apply(JobTrigger trigger) {
    this.state = state.on(trigger);
    return state;
  }

  /** Records a placement: the new attempt becomes current; a migration target is used up. */
  public void placed(long attemptId, int attemptNumber) {
    apply(JobTrigger.PLACED);
    this.currentAttemptId = attemptId;
    this.attemptCount = attemptNumber;
    this.notBefore = null;
    this.targetWorkerId = null;
    this.targetLabels = null;
    this.avoidWorkerId = null;
  }

  /** Asks for the job to be held; a QUEUED job is HELD at once, a RUNNING one when its attempt ends. */
  public void requestHold(String reason) {
    this.holdReason = reason;
    if (state == JobState.QUEUED) {
      apply(JobTrigger.HOLD);
    }
  }

  /** HELD → QUEUED. */
  public void release() {
    apply(JobTrigger.RELEASE);
    this.holdReason = null;
    this.notBefore = null;
  }

  /** Withdraws a hold asked for a RUNNING job before its attempt ended. */
  public void withdrawHold() {
    this.holdReason = null;
  }

  /** Whether a hold was asked for (the job is HELD, or will be when its attempt ends). */
  public boolean isHoldRequested() {
    return holdReason != null;
  }

  public String getHoldReason() {
    return holdReason;
  }

  /** The next placement must go to this worker, or to a worker with these labels (either may be null). */
  public void targetNextPlacement(Long workerId, Map<String, String> labels) {
    this.targetWorkerId = workerId;
    this.targetLabels = labels == null || labels.isEmpty() ? null : new LinkedHashMap<>(labels);
  }

  /** The next placement should avoid {@code workerId} when another worker fits. */
  public void avoidOnNextPlacement(Long workerId) {
    this.avoidWorkerId = workerId;
  }

  public Long getAvoidWorkerId() {
    return avoidWorkerId;
  }

  /** The job was moved off a worker at {@code at} (drain, migrate, rebalance). */
  public void moved(Instant at) {
    this.lastMovedAt = at;
  }

  public void setPriority(int priority) {
    this.priority = priority;
  }

  public Map<String, String> getConstraints() {
    return constraints == null ? Map.of() : constraints;
  }

  public void setConstraints(Map<String, String> constraints) {
    this.constraints = constraints == null ? new LinkedHashMap<>() : new LinkedHashMap<>(constraints);
  }

  public Long getTargetWorkerId() {
    return targetWorkerId;
  }

  public Map<String, String> getTargetLabels() {
    return targetLabels;
  }

  public Instant getLastMovedAt() {
    return lastMovedAt;
  }

  /** Marks the job as resubmitted from checkpoint {@code seq} of job {@code jobId}. */
  public void originatesFrom(long jobId, long seq) {
    this.originJobId = jobId;
    this.originSeq = seq;
  }

  public Long getOriginJobId() {
    return originJobId;
  }

  public Long getOriginSeq() {
    return originSeq;
  }

  public Long getScheduleId() {
    return scheduleId;
  }

  public void setScheduleId(Long scheduleId) {
    this.scheduleId = scheduleId;
  }

  /** Records the job's result and completion. */
  public void completed(String resultJson, String outputsManifestKey, Instant at) {
    apply(JobTrigger.ATTEMPT_SUCCEEDED);
    this.result = resultJson;
    this.outputsManifestKey = outputsManifestKey;
    this.error = null;
    this.progress = 1.0; // the last progress report may predate the final step
    this.finishedAt = at;
  }

  /** Marks the job as ended (FAILED or CANCELLED) at {@code at}. */
  public void ended(JobTrigger trigger, String error, Instant at) {
    apply(trigger);
    if (error != null) {
      this.error = error;
    }
    this.finishedAt = at;
  }

  /** Puts the job back into the queue, placeable from {@code notBefore} (null = now). */
  public void requeued(JobTrigger trigger, Instant notBefore, String error) {
    apply(trigger);
    this.notBefore = notBefore;
    if (error != null) {
      this.error = error;
    }
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  /** COMMITTED checkpoints kept while the job runs, or null for the scheduler's default. */
  public Integer getRetainCheckpoints() {
    return retainCheckpoints;
  }

  /** Sets the job's checkpoint retention (1..100, or null for the default). */
  public void setRetainCheckpoints(Integer retainCheckpoints) {
    this.retainCheckpoints = retainCheckpoints;
  }

  public String getOwner() {
    return owner;
  }

  public String getType() {
    return type;
  }

  public String getEntryClass() {
    return entryClass;
  }

  public Map<String, Object> getParameters() {
    return parameters;
  }

  public int getSlots() {
    return slots;
  }

  public int getMemoryMb() {
    return memoryMb;
  }

  public int getCheckpointIntervalSeconds() {
    return checkpointIntervalSeconds;
  }

  public int getMaxRetries() {
    return maxRetries;
  }

  public int getPriority() {
    return priority;
  }

  public JobState getState() {
    return state;
  }

  public int getRetryCount() {
    return retryCount;
  }

  public void setRetryCount(int retryCount) {
    this.retryCount = retryCount;
  }

  public Instant getNotBefore() {
    return notBefore;
  }

  public Long getCurrentAttemptId() {
    return currentAttemptId;
  }

  public int getAttemptCount() {
    return attemptCount;
  }

  public Long getStep() {
    return step;
  }

  public void setStep(Long step) {
    this.step = step;
  }

  public Double getProgress() {
    return progress;
  }

  public String getResult() {
    return result;
  }

  /** The manifest of the job's published output files (set when it completed), or null. */
  public String getOutputsManifestKey() {
    return outputsManifestKey;
  }

  public String getError() {
    return error;
  }

  public Instant getSubmittedAt() {
    return submittedAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(Instant startedAt) {
    this.startedAt = startedAt;
  }

  public Instant getFinishedAt() {
    return finishedAt;
  }

  public long getVersion() {
    return version;
  }
}
