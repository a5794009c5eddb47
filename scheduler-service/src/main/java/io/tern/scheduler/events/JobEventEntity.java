package io.tern.scheduler.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code job_events}: an append-only entry of a job's history. */
@Entity
@Table(name = "job_events")
public class JobEventEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "job_id")
  private long jobId;

  @Enumerated(EnumType.STRING)
  private JobEventType type;

  private String message;

  @Column(name = "attempt_number")
  private Integer attemptNumber;

  @Column(name = "worker_name")
  private String workerName;

  @Column(name = "created_at")
  private Instant createdAt;

  protected JobEventEntity() {}

  /** A new event. */
  public JobEventEntity(
      long jobId, JobEventType type, String message, Integer attemptNumber, String workerName, Instant createdAt) {
    this.jobId = jobId;
    this.type = type;
    this.message = message;
    this.attemptNumber = attemptNumber;
    this.workerName = workerName;
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public long getJobId() {
    return jobId;
  }

  public JobEventType getType() {
    return type;
  }

  public String getMessage() {
    return message;
  }

  public Integer getAttemptNumber() {
    return attemptNumber;
  }

  public String getWorkerName() {
    return workerName;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
