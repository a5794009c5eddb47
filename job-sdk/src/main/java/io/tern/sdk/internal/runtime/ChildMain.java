package io.tern.sdk.internal.runtime;

import io.tern.sdk.internal.wire.FrameReader;
import io.tern.sdk.internal.wire.FrameWriter;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Main class of the child JVM: {@code java ... io.tern.sdk.internal.runtime.ChildMain <socket path>}.
 * Connects to the worker's Unix domain socket and runs the job it is told to run (see
 * {@link ChildRuntime}); the process exit code is one of {@link ExitCode}. When the worker's end of
 * the socket closes, the process exits at once with {@link ExitCode#WORKER_GONE}, so no orphan
 * keeps running.
 */
public final class ChildMain {

  private static final AtomicBoolean EXITING = new AtomicBoolean();

  private ChildMain() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -cp <sdk>:<job classes> " + ChildMain.class.getName() + " <socket path>");
      exit(ExitCode.PROTOCOL_ERROR);
      return;
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(args[0]));
    } catch (IOException | RuntimeException e) {
      System.err.println("tern: cannot connect to the worker at " + args[0] + ": " + e);
      exit(ExitCode.WORKER_GONE);
      return;
    }
    ChildRuntime runtime = new ChildRuntime(new FrameReader(channel), new FrameWriter(channel),
        ChildMain.class.getClassLoader(), System::nanoTime, () -> exit(ExitCode.WORKER_GONE), System.out);
    exit(runtime.run());
  }

  /** The first caller decides the exit code; a second one (e.g. the control thread) does nothing. */
  private static void exit(int code) {
    if (EXITING.compareAndSet(false, true)) {
      System.out.flush();
      System.exit(code);
    }
  }
}
