package io.tern.worker;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT of a worker process: the first one shuts the worker down the ordinary way (the
 * JVM's shutdown hooks close the application context, {@link WorkerLifecycle#stop()} drains the
 * worker) and the process exits with status 0; any later one cuts the drain short
 * ({@link WorkerLifecycle#stopNow()}), so the jobs still here are killed and restart elsewhere from
 * their latest image. Installed by {@link WorkerApplication#main} only: a worker embedded in another
 * process (standalone mode) leaves that process's signals alone.
 */
final class ShutdownSignals {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  static void install(WorkerLifecycle lifecycle) {
    AtomicInteger received = new AtomicInteger();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (received.incrementAndGet() == 1) {
          log.info("SIG{}: shutting down (a second signal stops at once)", signal.getName());
          Thread exit = new Thread(() -> System.exit(0), "tern-worker-exit");
          exit.start();
        } else {
          log.warn("SIG{} again: stopping at once, jobs still here restart from their latest image", signal.getName());
          lifecycle.stopNow();
        }
      });
    }
  }
}
