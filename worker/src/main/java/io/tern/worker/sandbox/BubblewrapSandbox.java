package io.tern.worker.sandbox;

import io.tern.sdk.internal.host.ChildProcessSpec;
import io.tern.sdk.internal.host.ProcessSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts each job JVM inside bubblewrap ({@code bwrap}): a new mount namespace that holds only a
 * read-only system ({@code /usr}, {@code /etc}, the {@code /bin}/{@code /lib*} links), the JDK and
 * the job classpath read-only, the attempt directory read-write, a private {@code /tmp}, a minimal
 * {@code /dev} and its own {@code /proc}; own PID, IPC, UTS (and, when configured, network)
 * namespaces; a new session; killed when the worker dies.
 *
 * <p>When the worker runs as root, bubblewrap sets the sandbox up without a user namespace, keeps only
 * {@code CAP_SETUID}, {@code CAP_SETGID} and {@code CAP_SETPCAP}, and {@code setpriv} then switches to
 * the configured unprivileged uid and gid, clears every capability (bounding set included) and sets
 * {@code no_new_privs} before the JVM starts: the job is an ordinary user on the host. The attempt
 * directory and the socket are handed to that uid. When the worker is not root, bubblewrap runs the
 * job in a new user namespace as the worker's own uid, with every capability dropped and further user
 * namespaces disabled.
 */
public final class BubblewrapSandbox implements ProcessSandbox {

  /** Host directories that are links into {@code /usr} on merged-/usr systems, or else bound read-only. */
  private static final List<String> SYSTEM_LINKS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

  /** Top-level folders the sandbox always has (mounted before the job's own paths). */
  private static final java.util.Set<String> PREMOUNTED = java.util.Set.of("tmp", "dev", "proc");

  private final Path bwrap;
  private final Path setpriv;
  private final boolean workerIsRoot;
  private final int uid;
  private final int gid;
  private final boolean isolateNetwork;

  /**
   * @param bwrap the bubblewrap executable
   * @param setpriv util-linux's setpriv (used when the worker is root)
   * @param workerIsRoot whether the worker runs as uid 0
   * @param uid the uid jobs run as when the worker is root
   * @param gid the gid jobs run as when the worker is root
   * @param isolateNetwork whether each job gets an empty network namespace
   */
  public BubblewrapSandbox(Path bwrap, Path setpriv, boolean workerIsRoot, int uid, int gid, boolean isolateNetwork) {
    this.bwrap = bwrap;
    this.setpriv = setpriv;
    this.workerIsRoot = workerIsRoot;
    this.uid = uid;
    this.gid = gid;
    this.isolateNetwork = isolateNetwork;
  }

  @Override
  public List<String> wrap(ChildProcessSpec spec, List<String> javaCommand, Path socket) throws IOException {
    Path attemptDir = spec.attemptDir().toAbsolutePath();
    Path socketDir = socket.toAbsolutePath().getParent();
    if (workerIsRoot) {
      JobOwnership.hand(uid, gid, attemptDir, socketDir, socket);
    }
    List<String> mounts = new ArrayList<>();
    java.util.Set<Path> made = new java.util.HashSet<>();
    Path javaHome = spec.javaExecutable().toAbsolutePath().getParent().getParent();
    readOnly(mounts, made, javaHome);
    for (Path entry : spec.classpath()) {
      readOnly(mounts, made, entry.toAbsolutePath());
    }
    bind(mounts, made, attemptDir);
    if (!socketDir.equals(attemptDir)) {
      bind(mounts, made, socketDir);
    }
    return command(mounts, attemptDir, javaCommand);
  }

  /** The command that runs {@code command} in an empty sandbox of this kind; its exit says whether the host allows it. */
  public List<String> probeCommand(List<String> command) {
    return command(List.of(), null, command);
  }

  private List<String> command(List<String> extraMounts, Path workingDir, List<String> command) {
    List<String> c = new ArrayList<>();
    c.add(bwrap.toString());
    c.addAll(List.of("--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
        "--unshare-cgroup-try", "--hostname", "tern-job"));
    if (isolateNetwork) {
      c.add("--unshare-net");
    }
    c.addAll(List.of("--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"));
    for (String link : SYSTEM_LINKS) {
      Path p = Path.of(link);
      if (Files.isSymbolicLink(p)) {
        try {
          c.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), link));
        } catch (IOException e) {
          // unreadable link: the sandbox goes without it
        }
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        c.addAll(List.of("--ro-bind", link, link));
      }
    }
    c.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
    c.addAll(extraMounts);
    if (workerIsRoot) {
      c.addAll(List.of("--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add",
          "CAP_SETPCAP", "--", setpriv.toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
          "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
      if (workingDir != null) {
        // bubblewrap changes directory before setpriv runs, without the rights to enter the job's directory
        c.addAll(List.of("/bin/sh", "-c", "cd -- \"$0\" && unset OLDPWD PWD && exec \"$@\"", workingDir.toString()));
      }
    } else {
      c.addAll(List.of("--unshare-user", "--disable-userns", "--cap-drop", "ALL"));
      if (workingDir != null) {
        c.addAll(List.of("--chdir", workingDir.toString()));
      }
      c.add("--");
    }
    c.addAll(command);
    return c;
  }

  private static void readOnly(List<String> mounts, java.util.Set<Path> made, Path path) {
    if (!path.startsWith("/usr") && Files.exists(path)) {
      parents(mounts, made, path);
      mounts.addAll(List.of("--ro-bind", path.toString(), path.toString()));
    }
  }

  private static void bind(List<String> mounts, java.util.Set<Path> made, Path path) {
    parents(mounts, made, path);
    mounts.addAll(List.of("--bind", path.toString(), path.toString()));
  }

  /**
   * The folders leading to a mount, made searchable (bubblewrap would create them with mode 700, which a
   * job running as another uid could not pass); they are empty apart from what is mounted below them.
   */
  private static void parents(List<String> mounts, java.util.Set<Path> made, Path path) {
    List<Path> chain = new ArrayList<>();
    for (Path p = path.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
      chain.add(0, p);
    }
    for (Path dir : chain) {
      boolean premounted = dir.getNameCount() == 1 && PREMOUNTED.contains(dir.getName(0).toString());
      if (premounted || dir.startsWith("/usr") || dir.startsWith("/etc") || !made.add(dir)) {
        continue;
      }
      mounts.addAll(List.of("--perms", "0755", "--dir", dir.toString()));
    }
  }

  @Override
  public String toString() {
    return "bubblewrap (" + (workerIsRoot ? "jobs run as uid " + uid + ":" + gid : "user namespace, the worker's uid")
        + (isolateNetwork ? ", no network" : ", host network") + ")";
  }
}
