package io.tern.image;

import java.time.Instant;
import java.util.Objects;

/**
 * An object as storage lists it.
 *
 * @param key the object key relative to the storage prefix (e.g. {@code chunks/ab/ab12…})
 * @param size its length in bytes
 * @param lastModified when it was last written (a PUT of the same key refreshes it), by the storage
 *     server's clock
 */
public record StoredObject(String key, long size, Instant lastModified) {

  /** Validates the fields. */
  public StoredObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
