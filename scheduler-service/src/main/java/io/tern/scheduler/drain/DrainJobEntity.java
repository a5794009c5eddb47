package io.tern.scheduler.drain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Row of {@code drain_jobs}: an attempt a drain has to move off its worker. */
@Entity
@Table(name = "drain_jobs")
public class DrainJobEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "drain_id")
  private long drainId;

  @Column(name = "job_id")
  private long jobId;

  @Column(name = "attempt_id")
  private long attemptId;

  /** What the drain did to it beyond the normal path (stopped at the deadline, ...). */
  private String note;

  @Version private long version;

  protected DrainJobEntity() {}

  public DrainJobEntity(long drainId, long jobId, long attemptId) {
    this.drainId = drainId;
    this.jobId = jobId;
    this.attemptId = attemptId;
  }

  public long getDrainId() {
    return drainId;
  }

  public long getJobId() {
    return jobId;
  }

  public long getAttemptId() {
    return attemptId;
  }

  public String getNote() {
    return note;
  }

  public void setNote(String note) {
    this.note = note;
  }
}
