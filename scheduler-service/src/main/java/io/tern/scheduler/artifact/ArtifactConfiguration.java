package io.tern.scheduler.artifact;

import io.tern.scheduler.checkpoint.CheckpointProperties;
import io.tern.scheduler.security.UploadEndpoint;
import io.tern.scheduler.storage.StorageProperties;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/** The artifact upload endpoint's limits and media types, and the spool it writes to. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArtifactProperties.class)
public class ArtifactConfiguration {

  /** The media types {@code POST /api/v1/artifacts} reads. */
  static final List<MediaType> UPLOAD_TYPES = List.of(
      MediaType.parseMediaType("application/java-archive"),
      MediaType.parseMediaType("application/x-java-archive"),
      MediaType.APPLICATION_OCTET_STREAM,
      MediaType.parseMediaType("application/zip"),
      MediaType.MULTIPART_FORM_DATA);

  @Bean
  UploadEndpoint artifactUploadEndpoint(ArtifactProperties properties) {
    return new UploadEndpoint("POST", ArtifactController.PATH, properties.maxSize().toBytes(), UPLOAD_TYPES);
  }

  /** The spool, emptied of whatever an earlier life left in it. */
  @Bean
  UploadSpool uploadSpool(ArtifactProperties properties, CheckpointProperties checkpoints, StorageProperties storage)
      throws IOException {
    java.time.Duration reuseWindow = storage.chunkReuseWindow();
    if (properties.uploadTimeout().plus(reuseWindow).compareTo(checkpoints.chunkGrace()) >= 0) {
      throw new IllegalArgumentException("tern.artifacts.upload-timeout (" + properties.uploadTimeout()
          + ") plus tern.storage.chunk-reuse-window (" + reuseWindow + ") must be below tern.checkpoints.chunk-grace ("
          + checkpoints.chunkGrace() + "): the chunk collector must never delete a pack an upload in progress"
          + " relies on (ADR 0008)");
    }
    return new UploadSpool(properties.spoolDir());
  }
}
