package io.tern.scheduler.drain;

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

/** Row of {@code drains}: one drain of one worker. */
@Entity
@Table(name = "drains")
public class DrainEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "worker_id")
  private long workerId;

  @Enumerated(EnumType.STRING)
  private DrainMode mode;

  @Enumerated(EnumType.STRING)
  private DrainState state;

  private String reason;

  @Column(name = "requested_by")
  private String requestedBy;

  private Instant deadline;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  private String outcome;

  @Version private long version;

  protected DrainEntity() {}

  /** A new drain in progress. */
  public DrainEntity(long workerId, DrainMode mode, String reason, String requestedBy, Instant deadline, Instant now) {
    this.workerId = workerId;
    this.mode = mode;
    this.reason = reason;
    this.requestedBy = requestedBy;
    this.deadline = deadline;
    this.startedAt = now;
    this.state = DrainState.DRAINING;
  }

  /** Moves the drain along its lifecycle, recording when and how it ended. */
  public void ended(DrainTrigger trigger, String outcome, Instant at) {
    this.state = state.on(trigger);
    this.outcome = outcome;
    this.endedAt = at;
  }

  public Long getId() {
    return id;
  }

  public long getWorkerId() {
    return workerId;
  }

  public DrainMode getMode() {
    return mode;
  }

  public DrainState getState() {
    return state;
  }

  public String getReason() {
    return reason;
  }

  public String getRequestedBy() {
    return requestedBy;
  }

  public Instant getDeadline() {
    return deadline;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getEndedAt() {
    return endedAt;
  }

  public String getOutcome() {
    return outcome;
  }
}
