package io.tern.worker.attempt;

import io.tern.protocol.Assignment.RestorePoint;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointCorrupt;
import io.tern.sdk.internal.host.ReadyInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images an attempt may restore from (the job's committed checkpoints, newest first) and which
 * one comes next. A missing or damaged image is reported and the next one is tried; with none left
 * the job starts fresh. An image found damaged after the process had read part of it leaves that
 * process unusable: the caller launches a new one and asks again.
 */
final class RestoreCandidates {

  private static final Logger log = LoggerFactory.getLogger(RestoreCandidates.class);

  /**
   * How the job started.
   *
   * @param started what the scheduler is told
   * @param manifestKey the image it was restored from, null for a fresh start
   */
  record Start(AttemptStarted started, String manifestKey) {}

  private final long attemptId;
  private final List<RestorePoint> candidates;
  private final ImageSink images;
  private final Clock clock;
  private final BiConsumer<RestorePoint, CheckpointCorrupt> damageReports;
  private final Path outputDir;
  private int next;

  /**
   * @param attemptId for log messages
   * @param candidates newest first
   * @param images where the images are read from
   * @param clock times the restore
   * @param damageReports told of each candidate found missing or damaged
   * @param outputDir the job's output directory, recreated from the image before the job starts
   */
  RestoreCandidates(long attemptId, List<RestorePoint> candidates, ImageSink images, Clock clock,
      BiConsumer<RestorePoint, CheckpointCorrupt> damageReports, Path outputDir) {
    this.outputDir = outputDir;
    this.attemptId = attemptId;
    this.candidates = List.copyOf(candidates);
    this.images = images;
    this.clock = clock;
    this.damageReports = damageReports;
  }

  /**
   * Starts the job in {@code process} from the first intact image left, or fresh when none is left.
   * Empty when an image turned out damaged after {@code process} had read part of it: that process
   * must be replaced.
   *
   * @throws IOException when the job does not start for another reason than a damaged image
   */
  Optional<Start> startJob(JobProcess process) throws IOException {
    while (next < candidates.size()) {
      RestorePoint candidate = candidates.get(next++);
      long begin = clock.millis();
      boolean read = false;
      try (InputStream image = images.openForRestore(candidate.manifestKey())) {
        OutputDirectories.empty(outputDir);
        images.restoreOutputs(candidate.manifestKey(), outputDir);
        OutputDirectories.giveToOwnerOf(outputDir.getParent(), outputDir);
        read = true;
        ReadyInfo ready = process.start(image);
        long millis = clock.millis() - begin;
        return Optional.of(new Start(new AttemptStarted(candidate.seq(), millis, ready.restoredBytes(), ready.step()),
            candidate.manifestKey()));
      } catch (IOException e) {
        DamagedImageException damage = damageIn(e);
        if (damage == null) {
          throw e;
        }
        log.warn("attempt {}: cannot restore checkpoint {} ({}), trying {}: {}", attemptId, candidate.seq(),
            candidate.manifestKey(), next < candidates.size() ? "checkpoint " + candidates.get(next).seq()
                : "a fresh start", damage.getMessage());
        damageReports.accept(candidate, damage.report());
        if (read) {
          return Optional.empty();
        }
      }
    }
    OutputDirectories.empty(outputDir);
    OutputDirectories.giveToOwnerOf(outputDir.getParent(), outputDir);
    ReadyInfo ready = process.start(null);
    return Optional.of(new Start(new AttemptStarted(null, 0, 0, ready.step()), null));
  }

  private static DamagedImageException damageIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DamagedImageException damage) {
        return damage;
      }
    }
    return null;
  }
}
