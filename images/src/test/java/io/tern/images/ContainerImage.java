package io.tern.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A container image built by the Maven build (a Docker-format archive), unpacked to a root filesystem
 * ({@code skopeo}, {@code umoci}) and run without a container runtime, the way one would: {@code unshare}
 * gives the process its own mount, PID and UTS namespaces; there the root filesystem gets a fresh
 * {@code /proc}, the host's {@code /dev} with a fresh {@code /dev/shm}, and a fresh {@code /tmp}, is
 * moved onto {@code /} ({@code mount --move}, as an initramfs hands over to the real root), and
 * {@code chroot --userspec} enters it as the image's user. Moved onto the namespace's root, the root
 * filesystem is that namespace's root, so the process is not "chrooted" in the kernel's sense: a
 * chrooted process may not create user namespaces ({@code unshare(2)}: EPERM), and the worker's job
 * sandbox (bubblewrap) needs them. (bubblewrap itself cannot be the outer runtime here: as root
 * it covers {@code /proc/irq} and {@code /proc/bus}, and a {@code /proc} with covered parts may not be
 * mounted again in a user namespace.) Like a runtime, the harness also provides {@code /etc/hosts},
 * {@code /etc/hostname} and {@code /etc/resolv.conf} and the image's environment; the network is the
 * host's, so services on 127.0.0.1 are reachable. Needs root.
 */
final class ContainerImage {

  /** What the host's shell does in the new namespaces before it hands over to the image. */
  private static final String ENTER = String.join("\n",
      "set -eu",
      "root=$1; user=$2; workdir=$3; name=$4; shift 4",
      "hostname \"$name\"",
      "mount --bind \"$root\" \"$root\"",
      "mount -t proc proc \"$root/proc\"",
      "mount --rbind /dev \"$root/dev\"",
      "mount -t tmpfs -o mode=1777 tmpfs \"$root/dev/shm\"",
      "mount -t tmpfs -o mode=1777 tmpfs \"$root/tmp\"",
      "cd \"$root\"",
      "mount --move . /",
      "exec chroot --userspec=\"$user\" . /bin/sh -c 'cd \"$0\" && exec \"$@\"' \"$workdir\" \"$@\"");

  private final String name;
  private final Path rootfs;
  private final JsonNode config;

  private ContainerImage(String name, Path rootfs, JsonNode config) {
    this.name = name;
    this.rootfs = rootfs;
    this.config = config;
  }

  /** Reads the image's configuration and unpacks its layers into {@code workDir/<name>/rootfs}. */
  static ContainerImage unpack(String name, Path archive, Path workDir) throws IOException, InterruptedException {
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(archive + " is missing: build the images first (./mvnw -Pimages -pl images -am verify)");
    }
    Path dir = workDir.resolve(name);
    run(List.of("rm", "-rf", dir.toString()));
    Files.createDirectories(dir);
    JsonNode config = JsonMapper.builder().build().readTree(
        run(List.of("skopeo", "inspect", "--config", "docker-archive:" + archive)));
    run(List.of("skopeo", "copy", "--quiet", "docker-archive:" + archive, "oci:" + dir.resolve("oci") + ":" + name));
    run(List.of("umoci", "unpack", "--image", dir.resolve("oci") + ":" + name, dir.resolve("bundle").toString()));
    return new ContainerImage(name, dir.resolve("bundle").resolve("rootfs"), config);
  }

  /** The image's configuration ({@code config} of the image config JSON: User, Env, Labels, Entrypoint, ...). */
  JsonNode config() {
    return config.path("config");
  }

  Path rootfs() {
    return rootfs;
  }

  /** The image's environment, {@code NAME=value} entries as a map. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode entry : config().path("Env")) {
      String[] kv = entry.asString().split("=", 2);
      env.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    return env;
  }

  /**
   * Starts the image's entrypoint (and command) as its user, with its environment plus {@code settings},
   * as host name {@code hostname}; output goes to {@code log}.
   */
  Process start(String hostname, Map<String, String> settings, Path log) throws IOException {
    Files.writeString(rootfs.resolve("etc/hosts"), "127.0.0.1 localhost " + hostname + "\n::1 localhost\n");
    Files.writeString(rootfs.resolve("etc/hostname"), hostname + "\n");
    Files.deleteIfExists(rootfs.resolve("etc/resolv.conf"));
    Files.copy(Path.of("/etc/resolv.conf"), rootfs.resolve("etc/resolv.conf"));
    String workdir = config().path("WorkingDir").asString("");
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--uts", "--pid", "--fork", "--kill-child",
        "--propagation", "private", "/bin/sh", "-c", ENTER, "enter", rootfs.toString(), config().path("User").asString(),
        workdir.isEmpty() ? "/" : workdir, hostname));
    config().path("Entrypoint").forEach(a -> command.add(a.asString()));
    config().path("Cmd").forEach(a -> command.add(a.asString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment());
    pb.environment().put("HOME", home());
    pb.environment().putAll(settings);
    return pb.start();
  }

  /** The home folder of the image's user in the image's /etc/passwd, as a runtime sets it. */
  private String home() throws IOException {
    String uid = config().path("User").asString().split(":")[0];
    return Files.readAllLines(rootfs.resolve("etc/passwd")).stream()
        .map(l -> l.split(":"))
        .filter(f -> f.length > 5 && (f[2].equals(uid) || f[0].equals(uid)))
        .map(f -> f[5])
        .findFirst().orElse("/");
  }

  @Override
  public String toString() {
    return name;
  }

  /** Runs a host command to its end; its standard output, or an exception with its output when it fails. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Path errors = Files.createTempFile("tern-image-", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out + Files.readString(errors));
      }
      return out;
    } finally {
      Files.delete(errors);
    }
  }
}
