package io.tern.scheduler.artifact;

import io.tern.image.ImageLayout;
import io.tern.image.ImageStore;
import io.tern.image.RestoreStream;
import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.api.UnsafeCharacters;
import io.tern.scheduler.security.Caller;
import io.tern.scheduler.tx.RetryingTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

/**
 * Uploading, listing, downloading, pinning and deleting artifacts (ADR 0008).
 *
 * <p>An upload is spooled to a private file (counted, hashed, size-limited), inspected
 * ({@link JarInspector}), then — unless its content is stored already — recorded as pending
 * ({@code artifact_writes}), written to storage with the same owner's previous upload of the same name
 * as the previous version (so only changed chunks are uploaded), and finally recorded as stored
 * ({@code artifacts}) with this owner's upload row. Same bytes, same id, stored once; the answer is the
 * same whether or not another owner stored the bytes before (only this owner's own earlier upload
 * answers differently: 200 instead of 201).
 */
@Service
public class ArtifactService {

  private static final Logger log = LoggerFactory.getLogger(ArtifactService.class);

  /** The outcome of an upload: the caller's view, and whether it is new for this caller. */
  public record Upload(ArtifactView view, boolean created) {}

  /** An artifact's content, to stream to a client. */
  public record Download(ArtifactView view, InputStream content) {}

  private final ArtifactRepository artifacts;
  private final ArtifactUploadRepository uploads;
  private final ArtifactWriteRepository writes;
  private final ArtifactLocks locks;
  private final UploadSpool spool;
  private final JarInspector inspector;
  private final ObjectProvider<ImageStore> images;
  private final ArtifactProperties properties;
  private final RetryingTransaction tx;
  private final Clock clock;

  public ArtifactService(ArtifactRepository artifacts, ArtifactUploadRepository uploads, ArtifactWriteRepository writes,
      ArtifactLocks locks, UploadSpool spool, ObjectProvider<ImageStore> images, ArtifactProperties properties,
      RetryingTransaction tx, Clock clock) {
    this.artifacts = artifacts;
    this.uploads = uploads;
    this.writes = writes;
    this.locks = locks;
    this.spool = spool;
    this.inspector = new JarInspector(new JarInspector.Limits(
        properties.maxExpandedSize().toBytes(), properties.maxEntryRatio(), properties.maxEntries()));
    this.images = images;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
  }

  /** 403 {@code artifacts-disabled} when uploads are turned off. */
  public void requireEnabled() {
    if (!properties.enabled()) {
      throw ArtifactException.disabled();
    }
  }

  /** The largest body {@code POST /api/v1/artifacts} accepts. */
  public long maxSize() {
    return properties.maxSize().toBytes();
  }

  /**
   * Receives, checks and stores an uploaded jar as {@code caller}.
   *
   * @param name the file name (null: one is made from the digest)
   * @param kindText {@code application} (default) or {@code library}
   */
  public Upload upload(Caller caller, String name, String kindText, InputStream body) throws IOException {
    requireEnabled();
    ArtifactKind kind = ArtifactKind.parse(kindText);
    String fileName = checkedName(name);
    ImageStore store = store();
    try (UploadSpool.Spooled spooled = spool.receive(body, maxSize())) {
      JarInspector.Contents contents = inspector.inspect(spooled.file());
      if (kind == ArtifactKind.APPLICATION && contents.jobClasses().isEmpty()) {
        throw ArtifactException.noJobClass();
      }
      String hex = spooled.sha256Hex();
      String shownName = fileName != null ? fileName : "artifact-" + hex.substring(0, 12) + ".jar";
      Begun begun = begin(caller.owner(), hex, shownName, kind);
      if (begun.done() != null) {
        return begun.done();
      }
      ArtifactWriteEntity pending = begun.pending();
      try (InputStream in = Files.newInputStream(spooled.file())) {
        store.writeArtifact(hex, in, pending.getPreviousSha256(), caller.owner());
      } catch (IOException | RuntimeException e) {
        tx.run("Artifact " + hex, () -> writes.deleteById(pending.getId()));
        throw e;
      }
      return finish(pending, caller.owner(), shownName, kind, spooled.size(), contents.jobClasses());
    }
  }

  /** What {@link #begin} decided: the upload is already answered, or pending a write to storage. */
  private record Begun(Upload done, ArtifactWriteEntity pending) {}

  private Begun begin(String owner, String hex, String name, ArtifactKind kind) {
    Optional<String> previousCandidate = uploads.findFirstByOwnerAndNameAndSha256NotOrderByUploadedAtDescIdDesc(
        owner, name, hex).map(ArtifactUploadEntity::getSha256);
    return tx.run("Artifact " + hex, () -> {
      List<String> toLock = new ArrayList<>(List.of(hex));
      previousCandidate.ifPresent(toLock::add);
      toLock.stream().sorted().forEach(artifacts::lockForUpdate);
      Optional<ArtifactEntity> stored = artifacts.findById(hex);
      if (stored.isPresent()) {
        Optional<ArtifactUploadEntity> mine = uploads.findBySha256AndOwner(hex, owner);
        if (mine.isPresent()) {
          return new Begun(new Upload(ArtifactView.of(mine.get(), stored.get()), false), null);
        }
        ArtifactUploadEntity upload = uploads.saveAndFlush(new ArtifactUploadEntity(hex, owner, name, kind, now()));
        return new Begun(new Upload(ArtifactView.of(upload, stored.get()), true), null);
      }
      String previous = previousCandidate.filter(artifacts::existsById).orElse(null);
      return new Begun(null, writes.saveAndFlush(new ArtifactWriteEntity(hex, previous, owner, now())));
    });
  }

  private Upload finish(ArtifactWriteEntity pending, String owner, String name, ArtifactKind kind, long size,
      List<String> jobClasses) {
    String hex = pending.getSha256();
    return tx.run("Artifact " + hex, () -> {
      artifacts.lockForUpdate(hex);
      Instant now = now();
      if (!writes.existsById(pending.getId()) || pending.getStartedAt().isBefore(now.minus(properties.uploadTimeout()))) {
        // abandoned: the collector may already have treated its manifest as a stray (ADR 0008)
        writes.deleteById(pending.getId());
        throw ArtifactException.timedOut(properties.uploadTimeout());
      }
      ArtifactEntity content = artifacts.findById(hex)
          .orElseGet(() -> artifacts.saveAndFlush(new ArtifactEntity(hex, size, jobClasses, now)));
      ArtifactUploadEntity upload = uploads.findBySha256AndOwner(hex, owner)
          .orElseGet(() -> uploads.saveAndFlush(new ArtifactUploadEntity(hex, owner, name, kind, now)));
      writes.deleteById(pending.getId());
      log.info("Artifact {} ({} bytes, job classes {}) stored for {}", ArtifactDigest.idOf(hex), size, jobClasses, owner);
      return new Upload(ArtifactView.of(upload, content), true);
    });
  }

  /** Uploads the caller may see, newest first: its own (a submitter) or everyone's (an operator). */
  public List<ArtifactView> list(Caller caller, String name, int limit) {
    return tx.readOnly("Artifacts", () -> {
      List<ArtifactUploadEntity> rows =
          uploads.list(caller.seesAllJobs() ? null : caller.owner(), name, Limit.of(limit));
      Map<String, ArtifactEntity> content = artifacts.findAllById(rows.stream().map(ArtifactUploadEntity::getSha256)
          .distinct().toList()).stream().collect(Collectors.toMap(ArtifactEntity::getSha256, Function.identity()));
      return rows.stream().filter(u -> content.containsKey(u.getSha256()))
          .map(u -> ArtifactView.of(u, content.get(u.getSha256()))).toList();
    });
  }

  /** The artifact {@code id} as the caller sees it; 404 for an unknown id and for another owner's. */
  public ArtifactView get(Caller caller, String id) {
    String hex = ArtifactDigest.hexOf(id);
    return tx.readOnly("Artifact " + hex, () -> view(caller, hex, id));
  }

  private ArtifactView view(Caller caller, String hex, String id) {
    ArtifactEntity content = artifacts.findById(hex).orElseThrow(() -> new NotFoundException("Artifact", id));
    return visibleUploads(caller, hex).stream().findFirst().map(u -> ArtifactView.of(u, content))
        .orElseThrow(() -> new NotFoundException("Artifact", id));
  }

  /** The caller's own upload of {@code hex} first, then (for an operator) everyone else's. */
  private List<ArtifactUploadEntity> visibleUploads(Caller caller, String hex) {
    List<ArtifactUploadEntity> all = uploads.findBySha256OrderByIdAsc(hex);
    List<ArtifactUploadEntity> visible = new ArrayList<>();
    all.stream().filter(u -> u.getOwner().equals(caller.owner())).forEach(visible::add);
    if (caller.seesAllJobs()) {
      all.stream().filter(u -> !u.getOwner().equals(caller.owner())).forEach(visible::add);
    }
    return visible;
  }

  /** Opens the artifact's content for download (verified chunk by chunk as it is read). */
  public Download open(Caller caller, String id) throws IOException {
    ArtifactView view = get(caller, id);
    RestoreStream content = store().openArtifact(view.sha256());
    return new Download(view, content);
  }

  /** Pins or unpins the caller's upload of {@code id} (an operator: every upload of it). */
  public void pin(Caller caller, String id, boolean pinned) {
    String hex = ArtifactDigest.hexOf(id);
    tx.run("Artifact " + hex, () -> {
      view(caller, hex, id);
      List<ArtifactUploadEntity> rows = caller.seesAllJobs()
          ? visibleUploads(caller, hex) : List.of(uploads.findBySha256AndOwner(hex, caller.owner()).orElseThrow());
      rows.forEach(u -> u.setPinned(pinned));
    });
  }

  /**
   * Deletes the caller's upload of {@code id} (an operator: every upload of it). Refused (409
   * {@code artifact-in-use}) while a job of the caller (an operator: any job) that has not finished or
   * keeps a committed checkpoint refers to it. The content is deleted too — its row, then its manifest
   * — once no upload, job, checkpoint or upload in progress needs it.
   */
  public void delete(Caller caller, String id) throws IOException {
    String hex = ArtifactDigest.hexOf(id);
    ArtifactView view = get(caller, id);
    locks.withLock(hex, () -> {
      boolean contentDeleted = tx.run("Artifact " + hex, () -> {
        List<ArtifactUploadEntity> rows = visibleUploads(caller, hex);
        if (rows.isEmpty()) {
          throw new NotFoundException("Artifact", id);
        }
        List<Long> using = artifacts.findJobsUsing(hex, caller.seesAllJobs() ? null : caller.owner(), 11);
        if (!using.isEmpty()) {
          throw ArtifactException.inUse(id, using);
        }
        List<ArtifactUploadEntity> doomed = caller.seesAllJobs() ? rows
            : rows.stream().filter(u -> u.getOwner().equals(caller.owner())).toList();
        uploads.deleteAll(doomed);
        uploads.flush();
        return deleteContentIfUnused(hex);
      });
      if (contentDeleted) {
        store().deleteManifest(ImageLayout.artifactManifestKey(hex));
      }
      log.info("Artifact {} ({}) deleted by {}{}", id, UnsafeCharacters.escape(view.name()), caller.owner(),
          contentDeleted ? ", content and manifest too" : "");
      return null;
    });
  }

  /**
   * Deletes the content row of {@code hex} when no upload, job in use, or upload in progress needs it;
   * whether it did. Call within a transaction, holding the artifact's lock; the caller deletes the
   * manifest after the commit, still holding the lock.
   */
  boolean deleteContentIfUnused(String hex) {
    if (uploads.countBySha256(hex) > 0 || !artifacts.findJobsUsing(hex, null, 1).isEmpty()
        || writes.countInvolving(hex) > 0) {
      return false;
    }
    return artifacts.findById(hex).map(a -> {
      artifacts.delete(a);
      artifacts.flush();
      return true;
    }).orElse(false);
  }

  /** Now, as precisely as the database keeps it (so a view read back equals the one answered). */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private ImageStore store() {
    ImageStore store = images.getIfAvailable();
    if (store == null) {
      throw ArtifactException.noStorage();
    }
    return store;
  }

  private static String checkedName(String name) {
    if (name == null) {
      return null;
    }
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    if (base.isBlank() || base.length() > 200 || UnsafeCharacters.in(base) || base.equals(".") || base.equals("..")) {
      throw ArtifactException.invalidUpload("'name' must be a file name of 1 to 200 characters without control"
          + " characters or bidirectional overrides.");
    }
    return base;
  }
}
