package io.tern.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Hands an attempt's directory and socket to the uid its job runs as (the worker, root, keeps access). */
final class JobOwnership {

  private JobOwnership() {}

  static void hand(int uid, int gid, Path attemptDir, Path socketDir, Path socket) throws IOException {
    chown(attemptDir, uid, gid);
    if (!socketDir.equals(attemptDir)) {
      chown(socketDir, uid, gid);
    }
    chown(socket, uid, gid);
  }

  private static void chown(Path path, int uid, int gid) throws IOException {
    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
  }
}
