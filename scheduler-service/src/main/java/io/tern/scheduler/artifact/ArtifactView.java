package io.tern.scheduler.artifact;

import java.time.Instant;
import java.util.List;

/**
 * An uploaded artifact as the REST API shows it: one owner's upload of some content.
 *
 * @param id {@code sha256:<hex>}, the same for the same bytes
 * @param name the file name given at upload
 * @param kind {@code application} or {@code library}
 * @param size bytes
 * @param sha256 the hex digits of the id
 * @param jobClasses concrete public classes implementing {@code io.tern.sdk.CheckpointableJob}
 * @param owner who uploaded it
 * @param uploadedAt when this owner uploaded it
 * @param pinned kept by the collector even when unused
 */
public record ArtifactView(
    String id,
    String name,
    String kind,
    long size,
    String sha256,
    List<String> jobClasses,
    String owner,
    Instant uploadedAt,
    boolean pinned) {

  static ArtifactView of(ArtifactUploadEntity upload, ArtifactEntity content) {
    return new ArtifactView(ArtifactDigest.idOf(content.getSha256()), upload.getName(), upload.getKind().label(),
        content.getSize(), content.getSha256(), List.copyOf(content.getJobClasses()), upload.getOwner(),
        upload.getUploadedAt(), upload.isPinned());
  }
}
