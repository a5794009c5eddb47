package io.tern.scheduler.artifact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Row of {@code artifacts}: content that is stored, one row per SHA-256. Written only after the
 * artifact's manifest is in storage, so a row always means "stored" (ADR 0008).
 */
@Entity
@Table(name = "artifacts")
public class ArtifactEntity {

  @Id
  private String sha256;

  private long size;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "job_classes")
  private List<String> jobClasses = new ArrayList<>();

  @Column(name = "stored_at")
  private Instant storedAt;

  @Version private long version;

  protected ArtifactEntity() {}

  ArtifactEntity(String sha256, long size, List<String> jobClasses, Instant storedAt) {
    this.sha256 = sha256;
    this.size = size;
    this.jobClasses = new ArrayList<>(jobClasses);
    this.storedAt = storedAt;
  }

  public String getSha256() {
    return sha256;
  }

  public long getSize() {
    return size;
  }

  public List<String> getJobClasses() {
    return jobClasses == null ? List.of() : jobClasses;
  }

  public Instant getStoredAt() {
    return storedAt;
  }
}
