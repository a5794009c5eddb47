package io.tern.scheduler.outputs;

import io.tern.image.ImageStore;
import io.tern.image.Manifest;
import io.tern.image.OutputFile;
import io.tern.image.OutputPaths;
import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.api.StateConflictException;
import io.tern.scheduler.job.JobAccess;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobState;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * A completed job's published output files: the manifest its succeeding attempt stored and the
 * scheduler recorded ({@code jobs.outputs_manifest_key}), read from storage with the manifest's
 * authentication and each chunk verified.
 */
@Service
public class JobOutputs {

  private final JobAccess access;
  private final ObjectProvider<ImageStore> images;

  public JobOutputs(JobAccess access, ObjectProvider<ImageStore> images) {
    this.access = access;
    this.images = images;
  }

  /** One output file as listed. */
  public record FileView(String path, long size, String mode) {}

  /** The job's published output files. */
  public record Listing(long jobId, JobState state, List<FileView> files) {}

  /**
   * One output file opened for reading: {@code content} starts at the range's first byte (the file's
   * first without a range) and holds at least the bytes to send.
   */
  public record Opened(FileView file, Optional<ByteRange> range, InputStream content) {}

  /**
   * The published files of job {@code id} (empty when it published none).
   *
   * @throws NotFoundException for a missing job and another owner's
   * @throws StateConflictException when the job has not completed
   */
  public Listing list(long id) {
    JobEntity job = completedJob(id);
    Manifest manifest = manifestOf(job);
    return new Listing(id, job.getState(),
        manifest == null ? List.of() : manifest.files().stream().map(JobOutputs::view).toList());
  }

  /**
   * Opens the published file {@code path} of job {@code id} at the range {@code rangeHeader} asks for
   * ({@link ByteRange#parse}; the whole file when null).
   *
   * @throws RangeNotSatisfiableException when the range lies outside the file
   * @throws InvalidRequestException for a path that cannot be an output path
   * @throws NotFoundException when the job is missing or another owner's, or did not publish the file
   * @throws StateConflictException when the job has not completed
   */
  public Opened open(long id, String path, String rangeHeader) {
    requireValid(path);
    JobEntity job = completedJob(id);
    Manifest manifest = manifestOf(job);
    OutputFile file = fileOf(id, manifest, path);
    Optional<ByteRange> range = ByteRange.parse(rangeHeader, file.size());
    long offset = range.map(ByteRange::first).orElse(0L);
    try {
      return new Opened(view(file), range, store().openOutput(job.getOutputsManifestKey(), manifest, path, offset));
    } catch (IOException e) {
      throw new OutputsStorageException(e);
    }
  }

  private static void requireValid(String path) {
    String problem = OutputPaths.problem(path);
    if (problem != null) {
      throw new InvalidRequestException("'" + OutputPaths.printable(path) + "' is not an output path: " + problem + ".");
    }
  }

  private JobEntity completedJob(long id) {
    JobEntity job = access.require(id);
    if (job.getState() != JobState.COMPLETED) {
      throw new StateConflictException("Job " + id + " is " + job.getState()
          + "; its output files are published when the job completes.");
    }
    return job;
  }

  private Manifest manifestOf(JobEntity job) {
    String key = job.getOutputsManifestKey();
    if (key == null) {
      return null;
    }
    try {
      return store().readManifest(key);
    } catch (IOException e) {
      throw new OutputsStorageException(e);
    }
  }

  private static OutputFile fileOf(long id, Manifest manifest, String path) {
    if (manifest != null) {
      for (OutputFile file : manifest.files()) {
        if (file.path().equals(path)) {
          return file;
        }
      }
    }
    throw new NotFoundException("Output file", "'" + OutputPaths.printable(path) + "' of job " + id);
  }

  private ImageStore store() {
    ImageStore store = images.getIfAvailable();
    if (store == null) {
      throw new OutputsStorageException(new IOException("no object storage is configured"));
    }
    return store;
  }

  private static FileView view(OutputFile file) {
    return new FileView(file.path(), file.size(), String.format("%04o", file.mode()));
  }
}
