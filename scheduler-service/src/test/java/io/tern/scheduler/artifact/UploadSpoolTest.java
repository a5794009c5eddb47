package io.tern.scheduler.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.scheduler.api.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload spool: private files, counted and hashed, cut off past the limit, emptied at start. */
class UploadSpoolTest {

  @TempDir Path dir;

  @Test
  void spoolsABodyPrivatelyWithItsSizeAndSha256AndDeletesItWhenClosed() throws Exception {
    UploadSpool spool = new UploadSpool(dir.resolve("uploads"));
    byte[] body = "a jar, pretend".getBytes();

    UploadSpool.Spooled spooled = spool.receive(new ByteArrayInputStream(body), body.length);

    assertThat(spooled.size()).isEqualTo(body.length);
    assertThat(spooled.sha256Hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    assertThat(Files.readAllBytes(spooled.file())).isEqualTo(body);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spooled.file()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.directory()))).isEqualTo("rwx------");
    spooled.close();
    assertThat(files(spool.directory())).isZero();
  }

  @Test
  void stopsReadingOneBytePastTheLimitAndLeavesNoFile() throws IOException {
    UploadSpool spool = new UploadSpool(dir.resolve("uploads"));
    CountingStream endless = new CountingStream();
    assertThatThrownBy(() -> spool.receive(endless, 1000)).isInstanceOf(PayloadTooLargeException.class);
    assertThat(endless.read).isEqualTo(1001);
    assertThat(files(spool.directory())).isZero();
  }

  @Test
  void aBodyThatBreaksOffIsAnIncompleteUploadAndLeavesNoFile() throws IOException {
    UploadSpool spool = new UploadSpool(dir.resolve("uploads"));
    InputStream broken = new InputStream() {
      int left = 5000;

      @Override
      public int read() throws IOException {
        if (left == 0) {
          throw new java.io.EOFException("client went away");
        }
        left--;
        return 'x';
      }
    };
    assertThatThrownBy(() -> spool.receive(broken, 1 << 20))
        .isInstanceOfSatisfying(ArtifactException.class, e -> {
          assertThat(e.type().toString()).endsWith("upload-incomplete");
          assertThat(e.getMessage()).contains("after 5000 bytes");
        });
    assertThat(files(spool.directory())).isZero();
  }

  @Test
  void leftoversOfAnEarlierLifeAreDeletedAndLoosePermissionsTightened() throws IOException {
    Path uploads = Files.createDirectories(dir.resolve("uploads"));
    Files.setPosixFilePermissions(uploads, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(uploads.resolve("upload-123.jar"), "half an upload");

    UploadSpool spool = new UploadSpool(uploads);

    assertThat(files(spool.directory())).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(uploads))).isEqualTo("rwx------");
  }

  private static long files(Path directory) throws IOException {
    try (Stream<Path> s = Files.list(directory)) {
      return s.count();
    }
  }

  /** An endless stream of bytes that counts how many were read. */
  private static final class CountingStream extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Arrays.fill(b, off, off + len, (byte) 'x');
      read += len;
      return len;
    }
  }
}
