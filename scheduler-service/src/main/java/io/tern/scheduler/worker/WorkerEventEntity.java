package io.tern.scheduler.worker;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code worker_events}: an append-only entry of a worker's audit log. */
@Entity
@Table(name = "worker_events")
public class WorkerEventEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "worker_id")
  private long workerId;

  @Enumerated(EnumType.STRING)
  private WorkerEventType type;

  private String message;

  private String actor;

  @Column(name = "created_at")
  private Instant createdAt;

  protected WorkerEventEntity() {}

  /** A new entry; {@code actor} is the user who asked, or null for the scheduler itself. */
  public WorkerEventEntity(long workerId, WorkerEventType type, String message, String actor, Instant createdAt) {
    this.workerId = workerId;
    this.type = type;
    this.message = message;
    this.actor = actor;
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public long getWorkerId() {
    return workerId;
  }

  public WorkerEventType getType() {
    return type;
  }

  public String getMessage() {
    return message;
  }

  public String getActor() {
    return actor;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
