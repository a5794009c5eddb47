package io.tern.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How to start the standalone system. {@code port} 0 picks a free port.
 *
 * @param dataDir everything Tern keeps (database, images, worker directories, logs) lives here
 * @param bindAddress address of the REST API and dashboard; 127.0.0.1 unless you mean otherwise
 * @param workers number of workers started in this process
 * @param slotsPerWorker job slots per worker
 * @param workerMemoryMb memory each worker offers to job heaps
 * @param heartbeatInterval how often workers heartbeat
 * @param workerTimeout silence after which the scheduler declares a worker LOST
 * @param s3Port port of the embedded S3 server on 127.0.0.1 (0 picks a free one)
 */
public record StandaloneOptions(
    Path dataDir,
    String bindAddress,
    int port,
    int workers,
    int slotsPerWorker,
    int workerMemoryMb,
    Duration heartbeatInterval,
    Duration workerTimeout,
    int s3Port) {

  public StandaloneOptions {
    if (workers < 0 || workers > 16) {
      throw new IllegalArgumentException("--workers must be between 0 and 16, got " + workers);
    }
    if (slotsPerWorker < 1) {
      throw new IllegalArgumentException("--slots must be at least 1, got " + slotsPerWorker);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    if (s3Port < 0 || s3Port > 65535) {
      throw new IllegalArgumentException("--s3-port must be between 0 and 65535, got " + s3Port);
    }
  }

  /** Options with the embedded S3 server on a free port. */
  public StandaloneOptions(Path dataDir, String bindAddress, int port, int workers, int slotsPerWorker,
      int workerMemoryMb, Duration heartbeatInterval, Duration workerTimeout) {
    this(dataDir, bindAddress, port, workers, slotsPerWorker, workerMemoryMb, heartbeatInterval, workerTimeout, 0);
  }

  public static StandaloneOptions defaults() {
    return new StandaloneOptions(
        Path.of("tern-data"), "127.0.0.1", 8080, 2, 2, 4096, Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  public StandaloneOptions withDataDir(Path dir) {
    return new StandaloneOptions(dir, bindAddress, port, workers, slotsPerWorker, workerMemoryMb, heartbeatInterval, workerTimeout, s3Port);
  }

  public StandaloneOptions withPort(int p) {
    return new StandaloneOptions(dataDir, bindAddress, p, workers, slotsPerWorker, workerMemoryMb, heartbeatInterval, workerTimeout,
        s3Port);
  }

  public StandaloneOptions withHeartbeat(Duration interval, Duration timeout) {
    return new StandaloneOptions(dataDir, bindAddress, port, workers, slotsPerWorker, workerMemoryMb, interval, timeout, s3Port);
  }

  /** Parses {@code --data-dir DIR --port N --workers N --slots N --bind ADDR --worker-memory-mb N --s3-port N}. */
  public static StandaloneOptions parse(String[] args) {
    StandaloneOptions o = defaults();
    Path dataDir = o.dataDir();
    String bind = o.bindAddress();
    int port = o.port();
    int workers = o.workers();
    int slots = o.slotsPerWorker();
    int memory = o.workerMemoryMb();
    int s3Port = o.s3Port();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String flag = rest.remove(0);
      String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
      if (name.equals("--help") || name.equals("-h")) {
        throw new UsageException(null);
      }
      String value;
      if (flag.contains("=")) {
        value = flag.substring(flag.indexOf('=') + 1);
      } else if (!rest.isEmpty()) {
        value = rest.remove(0);
      } else {
        throw new UsageException("missing value for " + name);
      }
      switch (name.toLowerCase(Locale.ROOT)) {
        case "--data-dir" -> dataDir = Path.of(value);
        case "--bind" -> bind = value;
        case "--port" -> port = number(name, value);
        case "--workers" -> workers = number(name, value);
        case "--slots" -> slots = number(name, value);
        case "--worker-memory-mb" -> memory = number(name, value);
        case "--s3-port" -> s3Port = number(name, value);
        default -> throw new UsageException("unknown option " + name);
      }
    }
    return new StandaloneOptions(dataDir, bind, port, workers, slots, memory, o.heartbeatInterval(), o.workerTimeout(),
        s3Port);
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a whole number, got '" + value + "'");
    }
  }

  static final String USAGE =
      """
      usage: tern-standalone [--data-dir DIR] [--port N] [--workers N] [--slots N] [--bind ADDR] [--worker-memory-mb N]
                             [--s3-port N]
        --data-dir          where Tern keeps its database, images and logs (default ./tern-data)
        --port              REST API and dashboard port (default 8080; 0 = any free port)
        --workers           number of workers (default 2)
        --slots             job slots per worker (default 2)
        --bind              address to listen on (default 127.0.0.1)
        --worker-memory-mb  memory each worker offers to jobs (default 4096)
        --s3-port           port of the embedded S3 server, on 127.0.0.1 only (default 0 = any free port);
                            its keys are in <data-dir>/secrets.properties
      """;

  /** Bad command line. */
  static final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
      super(message);
    }
  }
}
