package io.tern.scheduler.artifact;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Access to {@code artifact_uploads}. */
public interface ArtifactUploadRepository extends JpaRepository<ArtifactUploadEntity, Long> {

  Optional<ArtifactUploadEntity> findBySha256AndOwner(String sha256, String owner);

  List<ArtifactUploadEntity> findBySha256OrderByIdAsc(String sha256);

  /** The owner's newest upload named {@code name} of other content: the previous version of a jar. */
  Optional<ArtifactUploadEntity> findFirstByOwnerAndNameAndSha256NotOrderByUploadedAtDescIdDesc(
      String owner, String name, String sha256);

  /** Uploads, newest first, of {@code owner} (null: all) named {@code name} (null: any). */
  @Query("select u from ArtifactUploadEntity u where (:owner is null or u.owner = :owner)"
      + " and (:name is null or u.name = :name) order by u.uploadedAt desc, u.id desc")
  List<ArtifactUploadEntity> list(String owner, String name, Limit limit);

  /** Uploads the collector may consider: not pinned, uploaded before {@code before}. */
  List<ArtifactUploadEntity> findByPinnedFalseAndUploadedAtBefore(java.time.Instant before);

  long countBySha256(String sha256);
}
