package io.tern.worker.attempt;

import io.tern.image.ImageDescriptor;
import io.tern.image.ImageWriteResult;
import io.tern.image.OutputSource;
import io.tern.protocol.CheckpointCorrupt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Images kept in memory; an image can be made missing, or damaged so that it fails halfway through a read. */
final class FakeImageSink implements ImageSink {

  final List<String> events;
  final Map<String, byte[]> images = new HashMap<>();
  final Set<String> damaged = new HashSet<>();
  final Deque<IOException> writeFailures = new ArrayDeque<>();
  final List<String> owners = new java.util.ArrayList<>();
  /** Each image's output files, by path. */
  final Map<String, Map<String, byte[]>> outputs = new HashMap<>();

  FakeImageSink(List<String> events) {
    this.events = events;
  }

  @Override
  public ImageWriteResult write(ImageDescriptor descriptor, String manifestKey, InputStream data,
      List<OutputSource> outputs, String previousManifestKey, String owner) throws IOException {
    owners.add(owner);
    byte[] bytes = data.readAllBytes();
    Map<String, byte[]> files = new java.util.TreeMap<>();
    for (OutputSource output : outputs) {
      try (InputStream in = output.opener().open()) {
        files.put(output.path(), in.readNBytes(Math.toIntExact(output.size())));
      }
    }
    if (!writeFailures.isEmpty()) {
      events.add("write " + descriptor.seq() + " failed");
      throw writeFailures.poll();
    }
    events.add("write " + descriptor.seq() + " after " + previousManifestKey);
    images.put(manifestKey, bytes);
    this.outputs.put(manifestKey, files);
    return new ImageWriteResult(manifestKey, bytes.length, bytes.length, bytes.length, 1, 0, 1_000_000);
  }

  @Override
  public long restoreOutputs(String manifestKey, Path dir) throws IOException {
    long total = 0;
    for (Map.Entry<String, byte[]> file : outputs.getOrDefault(manifestKey, Map.of()).entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
      total += file.getValue().length;
    }
    return total;
  }

  @Override
  public InputStream openForRestore(String manifestKey) throws IOException {
    byte[] bytes = images.get(manifestKey);
    if (bytes == null) {
      throw new DamagedImageException(new CheckpointCorrupt("MANIFEST_MISSING", null, null,
          "Checkpoint image " + manifestKey + " does not exist"), null);
    }
    if (!damaged.contains(manifestKey)) {
      return new ByteArrayInputStream(bytes);
    }
    return new InputStream() {
      private int read;

      @Override
      public int read() throws IOException {
        if (read >= bytes.length / 2) {
          throw new DamagedImageException(new CheckpointCorrupt("CHUNK_MISMATCH", 1, "ab12",
              "Checkpoint image " + manifestKey + " is corrupt: chunk 1 (sha256 ab12) is corrupt"), null);
        }
        return bytes[read++] & 0xff;
      }
    };
  }
}
