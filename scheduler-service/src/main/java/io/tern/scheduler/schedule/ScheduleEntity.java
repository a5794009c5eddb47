package io.tern.scheduler.schedule;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Row of {@code schedules}: a cron expression that submits a job template. */
@Entity
@Table(name = "schedules")
public class ScheduleEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;
  private String cron;

  @Column(name = "time_zone")
  private String timeZone;

  private String owner;

  /** The job template: a {@code POST /api/v1/jobs} body, as JSON text. */
  @JdbcTypeCode(SqlTypes.JSON)
  private String template;

  private boolean paused;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "last_fired_at")
  private Instant lastFiredAt;

  @Column(name = "last_job_id")
  private Long lastJobId;

  @Column(name = "creator_token_id")
  private Long creatorTokenId;

  @Column(name = "paused_reason")
  private String pausedReason;

  @Version private long version;

  protected ScheduleEntity() {}

  public ScheduleEntity(String name, String cron, String timeZone, String owner, String template, Instant createdAt) {
    this.name = name;
    this.cron = cron;
    this.timeZone = timeZone;
    this.owner = owner;
    this.template = template;
    this.createdAt = createdAt;
  }

  /** The schedule submitted job {@code jobId} at {@code at}. */
  public void fired(long jobId, Instant at) {
    this.lastJobId = jobId;
    this.lastFiredAt = at;
  }

  public void setPaused(boolean paused) {
    this.paused = paused;
    this.pausedReason = null;
  }

  /** The schedule paused itself: it will not fire until someone resumes it. */
  public void pausedBecause(String reason) {
    this.paused = true;
    this.pausedReason = reason;
  }

  /**
   * From now on the schedule submits as {@code owner} and fires only while API token
   * {@code tokenId} is valid (null: a caller without a Tern token, such as a JWT).
   */
  public void firesAs(String owner, Long tokenId) {
    this.owner = owner;
    this.creatorTokenId = tokenId;
  }

  public Long getCreatorTokenId() {
    return creatorTokenId;
  }

  public String getPausedReason() {
    return pausedReason;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getCron() {
    return cron;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public String getOwner() {
    return owner;
  }

  public String getTemplate() {
    return template;
  }

  public boolean isPaused() {
    return paused;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getLastFiredAt() {
    return lastFiredAt;
  }

  public Long getLastJobId() {
    return lastJobId;
  }
}
