package io.tern.worker.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's directories on a real file system: who may enter them, and which work dirs are refused. */
class AttemptDirectoriesTest {

  @TempDir
  Path tmp;

  @Test
  void aNewWorkDirAndItsFoldersArePrivateToTheWorker() throws Exception {
    Path workDir = tmp.resolve("tern-worker").resolve("w-1");
    AttemptDirectories directories = new AttemptDirectories(workDir);

    directories.claimWorkDir();
    Path attempt = directories.create(7);

    assertThat(mode(workDir)).isEqualTo("rwx------");
    assertThat(mode(workDir.resolve("attempts"))).isEqualTo("rwx------");
    assertThat(mode(workDir.resolve("logs"))).isEqualTo("rwx------");
    assertThat(mode(attempt)).isEqualTo("rwx------");
  }

  @Test
  void anArchivedJobLogIsReadableByTheWorkerOnly() throws Exception {
    AttemptDirectories directories = new AttemptDirectories(tmp.resolve("work"));
    Path attempt = directories.create(3);
    Files.writeString(attempt.resolve(AttemptDirectories.OUTPUT_LOG), "job output");
    Files.setPosixFilePermissions(attempt.resolve(AttemptDirectories.OUTPUT_LOG), PosixFilePermissions.fromString("rw-r--r--"));

    directories.archiveAndDelete(3);

    assertThat(Files.readString(directories.logOf(3))).isEqualTo("job output");
    assertThat(mode(directories.logOf(3).getParent())).isEqualTo("rwx------");
    assertThat(mode(directories.logOf(3))).isEqualTo("rw-------");
  }

  @Test
  void aWorkDirOthersCanWriteIsRefused() throws Exception {
    Path workDir = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> new AttemptDirectories(workDir).claimWorkDir()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tern.worker.work-dir " + workDir).hasMessageContaining("writable by other users");
  }

  @Test
  void aWorkDirOwnedBySomeoneElseIsRefused() throws Exception {
    Path workDir = Files.createDirectory(tmp.resolve("planted"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    Files.setAttribute(workDir, "unix:uid", 4242);

    assertThatThrownBy(() -> new AttemptDirectories(workDir).claimWorkDir()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tern.worker.work-dir " + workDir).hasMessageContaining("owned by uid 4242");
  }

  @Test
  void aWorkDirInAFolderOthersCanRenameItInIsRefused() throws Exception {
    Path parent = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx")); // no sticky bit
    Path workDir = parent.resolve("w");

    assertThatThrownBy(() -> new AttemptDirectories(workDir).claimWorkDir()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(parent.toString()).hasMessageContaining("writable by other users");
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
