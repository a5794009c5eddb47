package io.tern.scheduler.storage;

import io.tern.image.ImageStore;
import io.tern.image.ImageStoreOptions;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The scheduler's {@link ImageStore} (chunk collection, manifest checks), from {@code tern.storage.*}.
 * Only when {@code tern.storage.endpoint} is set: without storage the scheduler still runs, and the
 * collector only expires database rows.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty("tern.storage.endpoint")
  ImageStore imageStore(StorageProperties storage) {
    // StorageProperties refuses an endpoint without a manifest key
    ImageStoreOptions options = ImageStoreOptions.defaults().withManifestKey(storage.manifestKeyBytes())
        .withChunkReuseWindow(storage.chunkReuseWindow());
    ImageStore store = ImageStore.connect(storage.toSettings(), options);
    try {
      store.ensureBucket();
    } catch (IOException e) {
      log.warn("cannot make sure bucket '{}' exists yet: {}", storage.bucket(), e.getMessage());
    }
    return store;
  }
}
