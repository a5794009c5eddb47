package io.tern.standalone;

import io.tern.sdk.CheckpointableJob;
import io.tern.sdk.Codecs;
import io.tern.sdk.JobContext;
import io.tern.sdk.StateCodec;
import io.tern.sdk.StepResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A job that behaves like an attacker on its worker's host (test sources only, not in any catalog).
 * Parameters: {@code holdMillis} (stay running that long, then finish without probing), or the
 * paths {@code secrets}, {@code otherAttempt}, {@code database} to read (a directory is listed) and
 * {@code workerPid}, whose {@code /proc/<pid>/mem} it reads at the first mapped address. The result
 * holds one entry per probe: {@code "read <n> bytes"} or {@code "refused: <exception>"}.
 */
public final class SandboxProbeJob implements CheckpointableJob<long[]> {

  @Override
  public long[] init(JobContext ctx) {
    return new long[1];
  }

  @Override
  public StepResult step(long[] state, JobContext ctx) throws InterruptedException {
    Thread.sleep(ctx.longParam("holdMillis", 0));
    state[0]++;
    return StepResult.DONE;
  }

  @Override
  public StateCodec<long[]> codec() {
    return Codecs.longArray();
  }

  @Override
  public Map<String, Object> result(long[] state, JobContext ctx) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (String name : List.of("secrets", "otherAttempt", "database")) {
      String path = ctx.parameters().get(name);
      if (path != null) {
        result.put(name, attempt(() -> read(Path.of(path))));
      }
    }
    String pid = ctx.parameters().get("workerPid");
    if (pid != null) {
      result.put("workerMemory", attempt(() -> readMemory(pid)));
    }
    return result;
  }

  private static long read(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (Stream<Path> entries = Files.list(path)) {
        long bytes = 0;
        for (Path p : entries.toList()) {
          bytes += Files.isRegularFile(p) ? Files.readAllBytes(p).length : 0;
        }
        return bytes;
      }
    }
    return Files.readAllBytes(path).length;
  }

  private static long readMemory(String pid) throws IOException {
    String firstMapping = Files.readAllLines(Path.of("/proc", pid, "maps")).get(0);
    long start = Long.parseUnsignedLong(firstMapping.substring(0, firstMapping.indexOf('-')), 16);
    try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
      mem.seek(start);
      byte[] bytes = new byte[64];
      mem.readFully(bytes);
      return bytes.length;
    }
  }

  private interface Probe {
    long run() throws Exception;
  }

  private static String attempt(Probe probe) {
    try {
      return "read " + probe.run() + " bytes";
    } catch (Exception e) {
      return "refused: " + e;
    }
  }
}
