package io.tern.scheduler.artifact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Row of {@code artifact_writes}: an upload in progress (pending), committed before its first byte
 * goes to storage and deleted when the upload is stored or abandoned (ADR 0008).
 */
@Entity
@Table(name = "artifact_writes")
public class ArtifactWriteEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String sha256;

  @Column(name = "previous_sha256")
  private String previousSha256;

  private String owner;

  @Column(name = "started_at")
  private Instant startedAt;

  protected ArtifactWriteEntity() {}

  ArtifactWriteEntity(String sha256, String previousSha256, String owner, Instant startedAt) {
    this.sha256 = sha256;
    this.previousSha256 = previousSha256;
    this.owner = owner;
    this.startedAt = startedAt;
  }

  public Long getId() {
    return id;
  }

  public String getSha256() {
    return sha256;
  }

  public String getPreviousSha256() {
    return previousSha256;
  }

  public Instant getStartedAt() {
    return startedAt;
  }
}
