package io.tern.scheduler.artifact;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Access to {@code artifacts}, and to what refers to them. */
public interface ArtifactRepository extends JpaRepository<ArtifactEntity, String> {

  /** Stored content no upload row refers to any more (its owners deleted theirs). */
  @Query("select a.sha256 from ArtifactEntity a where not exists"
      + " (select u.id from ArtifactUploadEntity u where u.sha256 = a.sha256)")
  List<String> findWithoutUploads();

  /** Every stored artifact's SHA-256 (the collector keeps their manifests' packs). */
  @Query("select a.sha256 from ArtifactEntity a")
  List<String> findAllSha256();

  /**
   * Jobs referring to {@code sha256} that keep it in use: not finished, or holding a COMMITTED
   * checkpoint (which a resubmission could restore with these artifacts); of {@code owner} only
   * unless it is null. Ordered by id, at most {@code limit}.
   */
  @Query(value = "select ja.job_id from job_artifacts ja join jobs j on j.id = ja.job_id"
      + " where ja.sha256 = :sha256 and (cast(:owner as varchar) is null or j.owner = cast(:owner as varchar))"
      + " and (j.state not in ('COMPLETED', 'FAILED', 'CANCELLED')"
      + "      or exists (select 1 from checkpoints c where c.job_id = j.id and c.state = 'COMMITTED'))"
      + " order by ja.job_id limit :limit", nativeQuery = true)
  List<Long> findJobsUsing(String sha256, String owner, int limit);

  /**
   * When {@code sha256} was last used: its newest upload, or the end of the last job that ran it (now
   * for one that has not ended). Null when nothing refers to it.
   */
  @Query(value = "select greatest((select max(u.uploaded_at) from artifact_uploads u where u.sha256 = :sha256),"
      + " (select max(coalesce(j.finished_at, cast(:now as timestamptz))) from job_artifacts ja join jobs j on j.id = ja.job_id"
      + "  where ja.sha256 = :sha256), (select a.stored_at from artifacts a where a.sha256 = :sha256))",
      nativeQuery = true)
  Instant lastUsed(String sha256, Instant now);

  /** Takes the artifact's lock (exclusive) for the rest of the transaction. */
  @Query(value = "select 1 from (select pg_advisory_xact_lock(hashtext('artifact:' || :sha256))) as l", nativeQuery = true)
  int lockForUpdate(String sha256);

  /** Takes the artifact's lock (shared: submissions) for the rest of the transaction. */
  @Query(value = "select 1 from (select pg_advisory_xact_lock_shared(hashtext('artifact:' || :sha256))) as l",
      nativeQuery = true)
  int lockForUse(String sha256);
}
