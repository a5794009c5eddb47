package io.tern.worker.sandbox;

import io.tern.sdk.internal.host.ProcessSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Picks the job sandbox at worker start from {@code tern.worker.sandbox.mode} and what the host allows,
 * by running a trivial command in each candidate. {@code auto} takes bubblewrap, else a separate uid
 * (root workers only), else refuses; {@code none} is only ever taken when configured.
 */
public final class SandboxSelector {

  /** What the selector needs to know about the host. */
  public interface Host {
    /** Whether the worker runs as uid 0. */
    boolean isRoot();

    /** Runs {@code command}; empty when it exited with 0, else why not (exit code and output). */
    Optional<String> tryRun(List<String> command);
  }

  /** The chosen sandbox, its mode and why it was chosen (for the start-up log). */
  public record Choice(SandboxMode mode, ProcessSandbox sandbox, String reason) {}

  private static final List<String> TRIVIAL = List.of("/bin/true");

  private final SandboxProperties settings;
  private final Host host;

  public SandboxSelector(SandboxProperties settings, Host host) {
    this.settings = settings;
    this.host = host;
  }

  /**
   * @throws IllegalStateException with a message naming the setting when the configured mode cannot
   *     work here, or when {@code auto} finds no sandbox at all
   */
  public Choice choose() {
    return switch (settings.mode()) {
      case NONE -> new Choice(SandboxMode.NONE, ProcessSandbox.NONE,
          "tern.worker.sandbox.mode=none: job code runs with the worker's own rights and sees everything the worker"
              + " sees (its secrets, other attempts, the worker's memory)");
      case BUBBLEWRAP -> {
        Optional<String> failure = bubblewrap();
        if (failure.isPresent()) {
          throw new IllegalStateException("tern.worker.sandbox.mode=bubblewrap, but bubblewrap does not work here: "
              + failure.get());
        }
        yield new Choice(SandboxMode.BUBBLEWRAP, newBubblewrap(), "configured, and bubblewrap works here");
      }
      case UID -> {
        Optional<String> failure = separateUid();
        if (failure.isPresent()) {
          throw new IllegalStateException("tern.worker.sandbox.mode=uid, but jobs cannot run as a separate uid: "
              + failure.get());
        }
        yield new Choice(SandboxMode.UID, newSeparateUid(), "configured");
      }
      case AUTO -> auto();
    };
  }

  private Choice auto() {
    Optional<String> bwrapFailure = bubblewrap();
    if (bwrapFailure.isEmpty()) {
      return new Choice(SandboxMode.BUBBLEWRAP, newBubblewrap(), "tern.worker.sandbox.mode=auto and bubblewrap works here");
    }
    Optional<String> uidFailure = separateUid();
    if (uidFailure.isEmpty()) {
      return new Choice(SandboxMode.UID, newSeparateUid(), "tern.worker.sandbox.mode=auto, bubblewrap does not work"
          + " here (" + bwrapFailure.get() + "); falling back to a separate uid, which isolates files and processes by"
          + " permissions only");
    }
    throw new IllegalStateException("no job sandbox works on this host, so the worker does not start. Bubblewrap: "
        + bwrapFailure.get() + ". Separate uid: " + uidFailure.get() + ". Install bubblewrap (Debian and Ubuntu:"
        + " apt-get install bubblewrap) and allow user namespaces, run the worker as root for the separate-uid mode,"
        + " or set tern.worker.sandbox.mode=none to run jobs uncontained");
  }

  private Optional<String> bubblewrap() {
    return host.tryRun(newBubblewrap().probeCommand(TRIVIAL));
  }

  private Optional<String> separateUid() {
    if (!host.isRoot()) {
      return Optional.of("the worker does not run as root, so it cannot start processes as another uid");
    }
    return host.tryRun(newSeparateUid().command(TRIVIAL));
  }

  private BubblewrapSandbox newBubblewrap() {
    return new BubblewrapSandbox(settings.bwrap(), settings.setpriv(), host.isRoot(), settings.uid(), settings.gid(),
        settings.isolateNetwork());
  }

  private SeparateUidSandbox newSeparateUid() {
    return new SeparateUidSandbox(settings.setpriv(), settings.uid(), settings.gid());
  }

  /** This machine: the worker's uid from {@code /proc/self}, commands run with a 20 s limit. */
  public static Host localHost() {
    return new Host() {
      @Override
      public boolean isRoot() {
        try {
          return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
          return false;
        }
      }

      @Override
      public Optional<String> tryRun(List<String> command) {
        try {
          Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
          p.getOutputStream().close();
          if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return Optional.of("'" + command.get(0) + "' did not finish within 20 s");
          }
          String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
          return p.exitValue() == 0 ? Optional.empty()
              : Optional.of("'" + command.get(0) + "' exited with " + p.exitValue() + (output.isEmpty() ? "" : ": " + output));
        } catch (IOException e) {
          return Optional.of("cannot run '" + command.get(0) + "': " + e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.of("interrupted");
        }
      }
    };
  }
}
