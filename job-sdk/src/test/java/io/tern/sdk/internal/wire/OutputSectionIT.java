package io.tern.sdk.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output section a child appends to a snapshot, written from a real directory and read back from a spool file. */
class OutputSectionIT {

  @TempDir
  Path temp;

  @Test
  void everyRegularFileIsWrittenAfterTheStateAndFoundAgainInTheSpool() throws IOException {
    Path out = Files.createDirectories(temp.resolve("outputs"));
    Files.writeString(out.resolve("b.txt"), "bee");
    Files.createDirectories(out.resolve("a/deep"));
    Files.writeString(out.resolve("a/deep/x.bin"), "x".repeat(100_000));
    Files.write(out.resolve("empty"), new byte[0]);
    Files.setPosixFilePermissions(out.resolve("b.txt"), PosixFilePermissions.fromString("rwxr-----"));
    Path spool = temp.resolve("spool");
    byte[] state = "the state".getBytes(StandardCharsets.UTF_8);
    long sectionBytes;
    try (OutputStream o = Files.newOutputStream(spool)) {
      o.write(state);
      sectionBytes = OutputSection.write(out, o);
    }

    assertThat(Files.size(spool)).isEqualTo(state.length + sectionBytes);
    try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ)) {
      List<OutputSection.Entry> entries = OutputSection.read(channel, state.length, sectionBytes);
      assertThat(entries).extracting(OutputSection.Entry::path).containsExactly("a/deep/x.bin", "b.txt", "empty");
      assertThat(entries).extracting(OutputSection.Entry::size).containsExactly(100_000L, 3L, 0L);
      assertThat(entries.get(1).mode()).isEqualTo(0740);
      ByteBuffer bee = ByteBuffer.allocate(3);
      channel.read(bee, entries.get(1).contentOffset());
      assertThat(new String(bee.array(), StandardCharsets.UTF_8)).isEqualTo("bee");
    }
  }

  @Test
  void linksFifosAndHardLinksAreRefusedNamingThePath() throws Exception {
    Path out = Files.createDirectories(temp.resolve("outputs"));
    Path secret = Files.writeString(temp.resolve("secret"), "secret");

    Files.createSymbolicLink(out.resolve("link"), secret);
    assertThatThrownBy(() -> OutputSection.write(out, new ByteArrayOutputStream()))
        .hasMessageContaining("output link is a symbolic link");
    Files.delete(out.resolve("link"));

    Files.createSymbolicLink(out.resolve("up"), temp);
    assertThatThrownBy(() -> OutputSection.write(out, new ByteArrayOutputStream()))
        .hasMessageContaining("output up is a symbolic link");
    Files.delete(out.resolve("up"));

    Files.createLink(out.resolve("hard"), secret);
    assertThatThrownBy(() -> OutputSection.write(out, new ByteArrayOutputStream()))
        .hasMessageContaining("output hard is a hard link");
    Files.delete(out.resolve("hard"));

    assertThat(new ProcessBuilder("mkfifo", out.resolve("fifo").toString()).start().waitFor()).isZero();
    assertThatThrownBy(() -> OutputSection.write(out, new ByteArrayOutputStream()))
        .hasMessageContaining("output fifo is not a regular file");
  }

  @Test
  void aDamagedSectionIsRefused() throws IOException {
    Path spool = temp.resolve("spool");
    ByteBuffer header = ByteBuffer.allocate(4 + 1 + 12).putInt(1).put((byte) 'a').putLong(1_000).putInt(0644);
    Files.write(spool, header.array());
    try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ)) {
      assertThatThrownBy(() -> OutputSection.read(channel, 0, Files.size(spool))).hasMessageContaining("file size 1000");
      assertThatThrownBy(() -> OutputSection.read(channel, 0, 3)).hasMessageContaining("ends inside a header");
    }
    Files.write(spool, ByteBuffer.allocate(4).putInt(-5).array());
    try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ)) {
      assertThatThrownBy(() -> OutputSection.read(channel, 0, 4)).hasMessageContaining("path length -5");
    }
  }
}
