package io.tern.scheduler.artifact;

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

/** Row of {@code artifact_uploads}: one owner's upload of stored content, under a name. */
@Entity
@Table(name = "artifact_uploads")
public class ArtifactUploadEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String sha256;
  private String owner;
  private String name;

  @Enumerated(EnumType.STRING)
  private ArtifactKind kind;

  @Column(name = "uploaded_at")
  private Instant uploadedAt;

  private boolean pinned;

  @Version private long version;

  protected ArtifactUploadEntity() {}

  ArtifactUploadEntity(String sha256, String owner, String name, ArtifactKind kind, Instant uploadedAt) {
    this.sha256 = sha256;
    this.owner = owner;
    this.name = name;
    this.kind = kind;
    this.uploadedAt = uploadedAt;
  }

  public Long getId() {
    return id;
  }

  public String getSha256() {
    return sha256;
  }

  public String getOwner() {
    return owner;
  }

  public String getName() {
    return name;
  }

  public ArtifactKind getKind() {
    return kind;
  }

  public Instant getUploadedAt() {
    return uploadedAt;
  }

  public boolean isPinned() {
    return pinned;
  }

  void setPinned(boolean pinned) {
    this.pinned = pinned;
  }
}
