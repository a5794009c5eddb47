package io.tern.scheduler.artifact;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import io.tern.scheduler.api.UnsafeCharacters;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/** An artifact request that is refused; nothing was stored or changed. */
public final class ArtifactException extends ProblemException {

  private ArtifactException(HttpStatus status, String slug, String title, String detail) {
    super(status, ProblemTypes.of(slug), title, detail);
  }

  /** 400 {@code invalid-artifact-id}. */
  static ArtifactException invalidId(String given) {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "invalid-artifact-id", "Invalid artifact id",
        "'" + shorten(given) + "' is not an artifact id: ids are 'sha256:' followed by 64 lower-case hex digits.");
  }

  /** 400 {@code not-a-zip}. */
  static ArtifactException notAZip(String why) {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "not-a-zip", "Not a jar",
        "The upload is not a zip archive (" + why + "); send the jar file itself.");
  }

  /** 400 {@code not-a-jar}. */
  static ArtifactException notAJar() {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "not-a-jar", "Not a jar",
        "The upload is a zip archive but not a jar: it has neither a .class entry nor META-INF/MANIFEST.MF.");
  }

  /** 400 {@code unsafe-jar-entry}. */
  static ArtifactException unsafeEntry(String entry, String why) {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "unsafe-jar-entry", "Unsafe jar entry",
        "Entry '" + shorten(UnsafeCharacters.escape(entry)) + "' " + why + "; a jar's entry names must be relative paths"
            + " without '..', backslashes or NUL characters.");
  }

  /** 400 {@code zip-bomb}. */
  static ArtifactException zipBomb(String detail) {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "zip-bomb", "Jar expands too much", detail);
  }

  /** 400 {@code no-job-class}. */
  static ArtifactException noJobClass() {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "no-job-class", "No job class",
        "The jar has no concrete public class implementing io.tern.sdk.CheckpointableJob, so no job can run from it."
            + " Upload it with kind=library if it is a library the job's application jar needs.");
  }

  /** 400 {@code invalid-request} for a bad upload parameter or part. */
  static ArtifactException invalidUpload(String detail) {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
  }

  /** 400 {@code upload-incomplete}: the body ended (or the client went away) before its announced end. */
  static ArtifactException incomplete(long received) {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "upload-incomplete", "Upload incomplete",
        "The upload ended after " + received + " bytes, before the body was complete; nothing was stored. Send it again.");
  }

  /** 400 {@code unknown-artifact}: the same answer for an artifact that does not exist and one the caller may not see. */
  static ArtifactException unknown(String id) {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "unknown-artifact", "Unknown artifact",
        "Artifact " + id + " is not one of your artifacts; upload it first with POST /api/v1/artifacts.");
  }

  /** 400 {@code entry-class-not-in-artifacts}. */
  static ArtifactException entryClassNotIn(String entryClass, Collection<String> offered) {
    return new ArtifactException(HttpStatus.BAD_REQUEST, "entry-class-not-in-artifacts", "Entry class not in artifacts",
        "Entry class " + entryClass + " is not a job class of the named artifacts; they offer "
            + (offered.isEmpty() ? "none" : offered.stream().sorted().collect(Collectors.joining(", "))) + ".");
  }

  /** 409 {@code artifact-in-use}, naming up to 10 jobs. */
  static ArtifactException inUse(String id, List<Long> jobIds) {
    String jobs = jobIds.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "));
    return new ArtifactException(HttpStatus.CONFLICT, "artifact-in-use", "Artifact in use",
        "Artifact " + id + " is used by job(s) " + jobs + (jobIds.size() > 10 ? " and more" : "")
            + " that have not finished or keep checkpoints; it can be deleted once they ended and their"
            + " checkpoints are gone.");
  }

  /** 403 {@code artifacts-disabled}. */
  static ArtifactException disabled() {
    return new ArtifactException(HttpStatus.FORBIDDEN, "artifacts-disabled", "Artifacts disabled",
        "Uploading artifacts and running jobs from them is turned off on this scheduler (tern.artifacts.enabled=false);"
            + " only catalog job types and allowed entry classes run.");
  }

  /** 503 {@code storage-unavailable}. */
  static ArtifactException noStorage() {
    return new ArtifactException(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "Storage unavailable",
        "This scheduler has no object storage configured (tern.storage.endpoint), so it cannot store artifacts.");
  }

  /** 503 {@code upload-timed-out}: the upload took longer than the upload timeout and was abandoned. */
  static ArtifactException timedOut(java.time.Duration timeout) {
    return new ArtifactException(HttpStatus.SERVICE_UNAVAILABLE, "upload-timed-out", "Upload took too long",
        "Storing the artifact took longer than " + timeout + " (tern.artifacts.upload-timeout); nothing was stored. Retry.");
  }

  private static String shorten(String text) {
    String s = String.valueOf(text);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
