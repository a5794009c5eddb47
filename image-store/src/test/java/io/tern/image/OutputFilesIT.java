package io.tern.image;

import static io.tern.image.TestImages.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.testsupport.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output files stored with an image: a file that only grew uploads only its new part, a restore
 * recreates the directory byte for byte, and paths that would leave the directory are refused on
 * both sides.
 */
class OutputFilesIT {

  private static final byte[] CLUSTER_KEY = "tern-cluster-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static S3ProxyServer s3;
  private static ImageStore store;
  private static RawBucket raw;

  @TempDir
  Path temp;

  @BeforeAll
  static void startStorage() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    StorageSettings settings = new StorageSettings(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), "tern",
        "outputs", null);
    store = ImageStore.connect(settings, ImageStoreOptions.defaults().withManifestKey(CLUSTER_KEY));
    store.ensureBucket();
    raw = RawBucket.of(s3.client(), settings);
  }

  @AfterAll
  static void stopStorage() throws Exception {
    store.close();
    s3.close();
  }

  @Test
  void aFileThatOnlyGrewUploadsOnlyItsNewPart() throws IOException {
    Path out = Files.createDirectories(temp.resolve("out"));
    Path file = out.resolve("data.bin");
    Files.write(file, TestImages.randomBytes(1601, 32 * MiB));
    ImageWriteResult first = write(161, 1, out, null);

    Files.write(file, TestImages.randomBytes(1602, MiB / 3), StandardOpenOption.APPEND);
    ImageWriteResult second = write(161, 2, out, first.manifestKey());

    assertThat(first.uploadedBytes()).isGreaterThan(32L * MiB * 9 / 10);
    // the appended third of a MiB, plus the old last chunk that is cut differently now
    assertThat(second.uploadedBytes()).isBetween((long) MiB / 3, (long) MiB / 3 + ChunkingPolicy.DEFAULT_MAX_SIZE);
    assertThat(second.chunksReused()).isGreaterThan(second.chunks() * 9 / 10);
    assertThat(restore(second.manifestKey()).resolve("data.bin")).hasSameBinaryContentAs(file);
  }

  @Test
  void aRestoreRecreatesTheDirectoryAsItWasAtTheCheckpoint() throws IOException {
    Path out = Files.createDirectories(temp.resolve("out"));
    Files.writeString(out.resolve("lines.txt"), "1\n2\n3\n");
    Files.createDirectories(out.resolve("runs/a"));
    Files.write(out.resolve("runs/a/result.bin"), TestImages.randomBytes(1611, 3 * MiB));
    Files.write(out.resolve("runs/empty"), new byte[0]);
    Files.setPosixFilePermissions(out.resolve("runs/empty"), PosixFilePermissions.fromString("rwxr-x---"));
    ImageWriteResult image = write(162, 1, out, null);

    Files.writeString(out.resolve("lines.txt"), "4\n", StandardOpenOption.APPEND); // after the checkpoint
    Files.writeString(out.resolve("later.txt"), "later");
    Path restored = restore(image.manifestKey());

    assertThat(restored.resolve("lines.txt")).hasContent("1\n2\n3\n");
    assertThat(restored.resolve("runs/a/result.bin")).hasSameBinaryContentAs(out.resolve("runs/a/result.bin"));
    assertThat(restored.resolve("runs/empty")).isEmptyFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("runs/empty"))))
        .isEqualTo("rwxr-x---");
    assertThat(restored.resolve("later.txt")).doesNotExist();
    assertThat(TestImages.readAll(store, image.manifestKey())).isEqualTo(state(1));
    assertThat(store.chunkKeysOf(image.manifestKey())).as("GC keeps the files' packs")
        .containsAll(store.readManifest(image.manifestKey()).files().stream()
            .flatMap(f -> f.chunks().stream()).map(ChunkRef::objectKey).toList());
  }

  @Test
  void linksDevicesAndFifosInTheOutputDirectoryAreRefusedBeforeAnythingIsUploaded() throws Exception {
    Path out = Files.createDirectories(temp.resolve("out"));
    Files.writeString(out.resolve("ok.txt"), "ok");
    Path secret = Files.writeString(temp.resolve("secret"), "secret");

    Files.createSymbolicLink(out.resolve("link"), secret);
    assertThatThrownBy(() -> OutputDirectory.list(out, Long.MAX_VALUE))
        .isInstanceOf(OutputDirectory.UnsafeOutputException.class).hasMessageContaining("link is a symbolic link");
    Files.delete(out.resolve("link"));

    Files.createSymbolicLink(out.resolve("dirlink"), temp);
    assertThatThrownBy(() -> OutputDirectory.list(out, Long.MAX_VALUE)).hasMessageContaining("dirlink is a symbolic link");
    Files.delete(out.resolve("dirlink"));

    Files.createLink(out.resolve("hard"), secret);
    assertThatThrownBy(() -> OutputDirectory.list(out, Long.MAX_VALUE)).hasMessageContaining("hard is a hard link");
    Files.delete(out.resolve("hard"));

    assertThat(new ProcessBuilder("mkfifo", out.resolve("fifo").toString()).start().waitFor()).isZero();
    assertThatThrownBy(() -> OutputDirectory.list(out, Long.MAX_VALUE)).hasMessageContaining("fifo is not a regular file");
    Files.delete(out.resolve("fifo"));

    assertThatThrownBy(() -> OutputDirectory.list(out, 1)).hasMessageContaining("more than 1 bytes");
    assertThat(OutputDirectory.list(out, 2)).extracting(OutputDirectory.Entry::path).containsExactly("ok.txt");
  }

  @Test
  void aFileThatShrankSinceItWasListedFailsTheWriteAndLeavesNoManifest() throws IOException {
    Path out = Files.createDirectories(temp.resolve("out"));
    Files.writeString(out.resolve("lines.txt"), "1\n2\n3\n");
    List<OutputSource> sources = sources(out);
    Files.writeString(out.resolve("lines.txt"), "1\n");
    String key = ImageStore.manifestKey(163, 1);

    assertThatThrownBy(() -> store.write(TestImages.descriptor(163, 1), key, new ByteArrayInputStream(state(1)), sources,
        null, "alice")).hasMessageContaining("lines.txt ended 4 bytes before the size it had at the checkpoint");
    assertThatThrownBy(() -> store.readManifest(key)).isInstanceOf(ImageNotFoundException.class);
  }

  @Test
  void aForgedManifestWhosePathEscapesIsRefusedAsCorrupt() throws Exception {
    Path out = Files.createDirectories(temp.resolve("out"));
    Files.writeString(out.resolve("x"), "content");
    ImageWriteResult image = write(164, 1, out, null);
    String json = new String(raw.read(image.manifestKey()), StandardCharsets.UTF_8);
    raw.write(image.manifestKey(), json.replace("\"path\" : \"x\"", "\"path\" : \"../x\"").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> store.readManifest(image.manifestKey()))
        .isInstanceOfSatisfying(CorruptImageException.class,
            e -> assertThat(e.reason()).isEqualTo(CorruptImageException.Reason.MANIFEST_INVALID))
        .hasMessageContaining("'..'");
  }

  @Test
  void aRestoreDoesNotFollowALinkPlantedInTheTargetDirectory() throws Exception {
    Path out = Files.createDirectories(temp.resolve("out"));
    Files.createDirectories(out.resolve("sub"));
    Files.writeString(out.resolve("sub/file"), "content");
    ImageWriteResult image = write(165, 1, out, null);
    Manifest manifest = store.readManifest(image.manifestKey());
    Path target = Files.createDirectories(temp.resolve("target"));
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Files.createSymbolicLink(target.resolve("sub"), elsewhere);

    assertThatThrownBy(() -> store.restoreOutputs(image.manifestKey(), manifest, target))
        .isInstanceOf(CorruptImageException.class).hasMessageContaining("sub cannot be created");
    assertThat(elsewhere).isEmptyDirectory();
  }

  private static byte[] state(long seq) {
    return ("state " + seq).getBytes(StandardCharsets.UTF_8);
  }

  private static List<OutputSource> sources(Path out) throws IOException {
    return OutputDirectory.list(out, Long.MAX_VALUE).stream()
        .map(e -> new OutputSource(e.path(), e.size(), e.mode(), () -> Files.newInputStream(e.file())))
        .toList();
  }

  private ImageWriteResult write(long jobId, long seq, Path out, String previous) throws IOException {
    return store.write(TestImages.descriptor(jobId, seq), ImageStore.manifestKey(jobId, seq),
        new ByteArrayInputStream(state(seq)), sources(out), previous, "alice");
  }

  private Path restore(String manifestKey) throws IOException {
    Path target = Files.createTempDirectory(temp, "restored");
    store.restoreOutputs(manifestKey, store.readManifest(manifestKey), target);
    return target;
  }
}
