package io.tern.scheduler.artifact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** Row of {@code job_artifacts}: one artifact of a job, at its place on the class path; never changed. */
@Entity
@Table(name = "job_artifacts")
@IdClass(JobArtifactEntity.Key.class)
public class JobArtifactEntity {

  /** The primary key: job and position. */
  public static class Key implements Serializable {
    private Long jobId;
    private Integer position;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && java.util.Objects.equals(jobId, k.jobId) && java.util.Objects.equals(position, k.position);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(jobId, position);
    }
  }

  @Id
  @Column(name = "job_id")
  private Long jobId;

  @Id
  private Integer position;

  private String sha256;
  private String name;
  private long size;

  protected JobArtifactEntity() {}

  JobArtifactEntity(long jobId, int position, String sha256, String name, long size) {
    this.jobId = jobId;
    this.position = position;
    this.sha256 = sha256;
    this.name = name;
    this.size = size;
  }

  public Long getJobId() {
    return jobId;
  }

  public int getPosition() {
    return position;
  }

  public String getSha256() {
    return sha256;
  }

  public String getName() {
    return name;
  }

  public long getSize() {
    return size;
  }
}
