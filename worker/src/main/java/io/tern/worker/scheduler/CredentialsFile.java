package io.tern.worker.scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The worker's id and secret from its latest registration, kept in one file readable only by the
 * worker's user (0600, in the worker's private work dir), so that a worker started again after a
 * crash comes back under its name with its own secret at once, instead of waiting until the
 * scheduler has given up on its previous life. Replaced atomically: a crash while saving leaves the
 * previous pair or the new one. Job processes cannot see the work dir (see docs/security.md).
 */
public final class CredentialsFile {

  /** An id and secret, as the scheduler answered them to a registration. */
  public record Credentials(long workerId, String secret) {
    @Override
    public String toString() {
      return "Credentials[workerId=" + workerId + ", secret=***]";
    }
  }

  private final Path file;

  public CredentialsFile(Path file) {
    this.file = file;
  }

  /** The saved pair; empty when none was saved or the file is not one this class wrote. */
  public Optional<Credentials> load() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the worker's credentials file " + file, e);
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Credentials(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Saves the pair in place of the previous one: written to a 0600 temporary file, then renamed. */
  public void save(Credentials credentials) {
    try {
      Files.createDirectories(file.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path temp = Files.createTempFile(file.getParent(), ".credentials", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, credentials.workerId() + ":" + credentials.secret() + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the worker's credentials in " + file, e);
    }
  }
}
