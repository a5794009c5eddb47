package io.tern.scheduler.artifact;

import io.tern.image.ImageLayout;
import io.tern.scheduler.checkpoint.RetainedManifests;
import io.tern.scheduler.tx.RetryingTransaction;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The artifact manifests the chunk collector keeps the packs of: every stored artifact (its row
 * exists), and every previous version an upload in progress reuses chunks of (ADR 0008). Packs an
 * upload in progress writes are younger than the chunk grace period, since an upload that is not
 * stored within {@code tern.artifacts.upload-timeout} (below the grace) never is.
 */
@Component
public class ArtifactManifests implements RetainedManifests {

  private final ArtifactRepository artifacts;
  private final ArtifactWriteRepository writes;
  private final RetryingTransaction tx;

  public ArtifactManifests(ArtifactRepository artifacts, ArtifactWriteRepository writes, RetryingTransaction tx) {
    this.artifacts = artifacts;
    this.writes = writes;
    this.tx = tx;
  }

  @Override
  public Collection<String> manifestKeys() {
    return tx.readOnly("Artifact manifests", () -> {
      Set<String> keys = new TreeSet<>();
      artifacts.findAllSha256().forEach(hex -> keys.add(ImageLayout.artifactManifestKey(hex)));
      writes.findPreviousInUse().forEach(hex -> keys.add(ImageLayout.artifactManifestKey(hex)));
      return keys;
    });
  }
}
