package io.tern.worker.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotSpoolTest {

  @TempDir
  Path tmp;

  @Test
  void workersWithDifferentWorkDirectoriesNeverShareAnAutomaticSpoolFolder() {
    assertThat(SnapshotSpool.autoFolderName(Path.of("/var/tern/a/worker-1")))
        .isNotEqualTo(SnapshotSpool.autoFolderName(Path.of("/var/tern/b/worker-1")))
        .isEqualTo(SnapshotSpool.autoFolderName(Path.of("/var/tern/a/../a/worker-1")));
  }

  @Test
  void aSnapshotGoesToMemoryOnlyWhileAllowedAndToTheAttemptDirectoryOtherwise() throws Exception {
    SnapshotSpool spool = SnapshotSpool.inMemory(tmp.resolve("shm"));
    Path attemptDir = Files.createDirectories(tmp.resolve("attempts/7"));

    Path inMemory = spool.fileFor(7, 3, attemptDir, 0, true);
    Path onDisk = spool.fileFor(7, 4, attemptDir, 0, false);
    Path tooBig = spool.fileFor(7, 5, attemptDir, Long.MAX_VALUE / 2, true);

    assertThat(spool.isInMemory(inMemory)).isTrue();
    assertThat(onDisk.getParent()).isEqualTo(attemptDir);
    assertThat(tooBig.getParent()).as("no room for the expected size").isEqualTo(attemptDir);
  }

  @Test
  void deletingAnAttemptsFilesLeavesOtherAttemptsAlone() throws Exception {
    SnapshotSpool spool = SnapshotSpool.inMemory(tmp.resolve("shm"));
    Path mine = Files.createFile(spool.fileFor(7, 1, tmp, 0, true));
    Path other = Files.createFile(spool.fileFor(71, 1, tmp, 0, true));

    spool.deleteFiles(7);

    assertThat(mine).doesNotExist();
    assertThat(other).exists();
  }
}
