package io.tern.scheduler.artifact;

import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.security.Caller;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The artifacts of jobs: checked at submit (each exists and is visible to the submitter, the entry
 * class is a job class of them), pinned to the job in the submission's transaction (ordered, never
 * changed), and read back for the job's view and its workers' assignments.
 */
@Component
public class JobArtifacts {

  /** Most artifacts one job may name. */
  public static final int MAX_PER_JOB = 20;

  /** An artifact a submission named, checked: content, and the name the job shows for it. */
  public record Resolved(String sha256, String name, long size) {}

  /** An artifact of a job, as the job's view and the worker's assignment show it. */
  public record Ref(String id, String name, long size) {
    /** The hex digits of the id. */
    public String sha256() {
      return id.substring(ArtifactDigest.PREFIX.length());
    }
  }

  private final ArtifactRepository artifacts;
  private final ArtifactUploadRepository uploads;
  private final JobArtifactRepository jobArtifacts;
  private final ArtifactProperties properties;

  public JobArtifacts(ArtifactRepository artifacts, ArtifactUploadRepository uploads, JobArtifactRepository jobArtifacts,
      ArtifactProperties properties) {
    this.artifacts = artifacts;
    this.uploads = uploads;
    this.jobArtifacts = jobArtifacts;
    this.properties = properties;
  }

  /**
   * Checks the artifacts a submission names (none: nothing to check) before anything is stored.
   *
   * @param inherited ids the new job takes over unchanged from a job the caller may see (a
   *     resubmission without an override): they must exist, not be visible to the caller
   * @throws ArtifactException {@code invalid-artifact-id}, {@code unknown-artifact} (the same for an
   *     artifact that does not exist and one of another owner), {@code entry-class-not-in-artifacts},
   *     {@code artifacts-disabled}
   */
  public List<Resolved> resolve(Caller caller, List<String> ids, String entryClass, Collection<String> inherited) {
    if (ids == null || ids.isEmpty()) {
      return List.of();
    }
    if (!properties.enabled()) {
      throw ArtifactException.disabled();
    }
    if (ids.size() > MAX_PER_JOB) {
      throw new InvalidRequestException("'artifacts' may name at most " + MAX_PER_JOB + " artifacts.");
    }
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      ArtifactDigest.hexOf(id);
      if (!seen.add(id)) {
        throw new InvalidRequestException("'artifacts' names " + id + " twice; name each artifact once.");
      }
    }
    List<Resolved> resolved = new ArrayList<>();
    Set<String> offered = new TreeSet<>();
    for (String id : ids) {
      String hex = ArtifactDigest.hexOf(id);
      ArtifactEntity content = artifacts.findById(hex).orElseThrow(() -> ArtifactException.unknown(id));
      String name;
      var mine = uploads.findBySha256AndOwner(hex, caller.owner());
      if (mine.isPresent()) {
        name = mine.get().getName();
      } else if (caller.seesAllJobs() || inherited.contains(id)) {
        name = uploads.findBySha256OrderByIdAsc(hex).stream().findFirst().map(ArtifactUploadEntity::getName)
            .orElseGet(() -> inherited.contains(id) ? "artifact-" + hex.substring(0, 12) + ".jar" : null);
        if (name == null) {
          throw ArtifactException.unknown(id);
        }
      } else {
        throw ArtifactException.unknown(id);
      }
      offered.addAll(content.getJobClasses());
      resolved.add(new Resolved(hex, name, content.getSize()));
    }
    if (!offered.contains(entryClass)) {
      throw ArtifactException.entryClassNotIn(entryClass, offered);
    }
    return resolved;
  }

  /**
   * Pins {@code resolved} to the new job {@code jobId}, in order. Call in the submission's
   * transaction: it takes each artifact's lock (shared) and checks the content is still stored, so a
   * deletion either sees the job or happened before (then the submission fails with
   * {@code unknown-artifact} and is rolled back).
   */
  public void pin(long jobId, List<Resolved> resolved) {
    int position = 0;
    for (Resolved r : resolved) {
      artifacts.lockForUse(r.sha256());
      if (!artifacts.existsById(r.sha256())) {
        throw ArtifactException.unknown(ArtifactDigest.idOf(r.sha256()));
      }
      jobArtifacts.save(new JobArtifactEntity(jobId, position++, r.sha256(), r.name(), r.size()));
    }
    jobArtifacts.flush();
  }

  /** The artifacts of job {@code jobId}, in class-path order (empty for a job without). */
  public List<Ref> of(long jobId) {
    return jobArtifacts.findByJobIdOrderByPositionAsc(jobId).stream().map(JobArtifacts::ref).toList();
  }

  /** The artifacts of each of {@code jobIds} that has any, in class-path order. */
  public Map<Long, List<Ref>> of(Collection<Long> jobIds) {
    Map<Long, List<Ref>> byJob = new LinkedHashMap<>();
    if (jobIds.isEmpty()) {
      return byJob;
    }
    for (JobArtifactEntity a : jobArtifacts.findByJobIdInOrderByJobIdAscPositionAsc(jobIds)) {
      byJob.computeIfAbsent(a.getJobId(), id -> new ArrayList<>()).add(ref(a));
    }
    return byJob;
  }

  /** The ids of {@code refs}, in order. */
  public static List<String> ids(List<Ref> refs) {
    return refs.stream().map(Ref::id).toList();
  }

  private static Ref ref(JobArtifactEntity a) {
    return new Ref(ArtifactDigest.idOf(a.getSha256()), a.getName(), a.getSize());
  }
}
