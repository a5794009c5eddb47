package io.tern.worker.sandbox;

import io.tern.sdk.internal.host.ChildProcessSpec;
import io.tern.sdk.internal.host.ProcessSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fallback for root workers on hosts without bubblewrap or user namespaces: {@code setpriv}
 * starts each job JVM as the configured unprivileged uid and gid, without supplementary groups,
 * with every capability cleared (bounding set included) and {@code no_new_privs}. The attempt
 * directory and socket are handed to that uid; the work directory, its {@code attempts} folder and
 * the folders in it that hold the job's class path (the artifact cache) get search permission for
 * others ({@code 0711}: enter, not list) so that the job can reach them; the jars there are read-only
 * ({@code 0444}).
 * No namespaces: the job sees the host's file system and processes with that uid's rights.
 */
public final class SeparateUidSandbox implements ProcessSandbox {

  private final Path setpriv;
  private final int uid;
  private final int gid;

  public SeparateUidSandbox(Path setpriv, int uid, int gid) {
    this.setpriv = setpriv;
    this.uid = uid;
    this.gid = gid;
  }

  @Override
  public List<String> wrap(ChildProcessSpec spec, List<String> javaCommand, Path socket) throws IOException {
    Path attemptDir = spec.attemptDir().toAbsolutePath();
    JobOwnership.hand(uid, gid, attemptDir, socket.toAbsolutePath().getParent(), socket);
    Path attempts = attemptDir.getParent();
    Path workDir = attempts.getParent();
    searchable(attempts);
    searchable(workDir);
    for (Path entry : spec.classpath()) {
      // class path entries the worker keeps in its work dir (its artifact cache, jars copied out of its own jar)
      Path absolute = entry.toAbsolutePath().normalize();
      for (Path dir = absolute.getParent(); dir != null && dir.startsWith(workDir) && !dir.equals(workDir);
          dir = dir.getParent()) {
        searchable(dir);
      }
    }
    return command(javaCommand);
  }

  private static void searchable(Path dir) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
      Files.setPosixFilePermissions(dir, perms);
    }
  }

  /** The command that runs {@code command} as the job's uid. */
  public List<String> command(List<String> command) {
    List<String> c = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid,
        "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
    c.addAll(command);
    return c;
  }

  @Override
  public String toString() {
    return "separate uid (jobs run as uid " + uid + ":" + gid + ", no namespaces)";
  }
}
