package io.tern.scheduler.artifact;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Access to {@code artifact_writes}: uploads in progress. */
public interface ArtifactWriteRepository extends JpaRepository<ArtifactWriteEntity, Long> {

  /** Uploads in progress that store {@code sha256} or reuse its chunks as their previous version. */
  @Query("select count(w) from ArtifactWriteEntity w where w.sha256 = :sha256 or w.previousSha256 = :sha256")
  long countInvolving(String sha256);

  /** Previous versions that uploads in progress reuse chunks of. */
  @Query("select distinct w.previousSha256 from ArtifactWriteEntity w where w.previousSha256 is not null")
  List<String> findPreviousInUse();

  List<ArtifactWriteEntity> findByStartedAtBefore(Instant before);
}
