package io.tern.scheduler.artifact;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Access to {@code job_artifacts}. */
public interface JobArtifactRepository extends JpaRepository<JobArtifactEntity, JobArtifactEntity.Key> {

  List<JobArtifactEntity> findByJobIdOrderByPositionAsc(long jobId);

  List<JobArtifactEntity> findByJobIdInOrderByJobIdAscPositionAsc(Collection<Long> jobIds);
}
