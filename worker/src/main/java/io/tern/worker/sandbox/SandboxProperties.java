package io.tern.worker.sandbox;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.worker.sandbox.*}: how job processes are contained (docs/worker.md, "Job sandbox").
 *
 * @param mode {@code auto} (default), {@code bubblewrap}, {@code uid} or {@code none}
 * @param isolateNetwork give each job an empty network namespace (loopback only): no connections
 *     to anything, the scheduler and S3 included (default false; bubblewrap only)
 * @param uid the uid jobs run as when the worker runs as root (default 65534, {@code nobody}); never 0
 * @param gid the gid jobs run as when the worker runs as root (default 65534)
 * @param bwrap the bubblewrap executable (default {@code /usr/bin/bwrap})
 * @param setpriv util-linux's {@code setpriv} (default {@code /usr/bin/setpriv})
 */
@ConfigurationProperties("tern.worker.sandbox")
public record SandboxProperties(
    @DefaultValue("auto") SandboxMode mode,
    @DefaultValue("false") boolean isolateNetwork,
    @DefaultValue("65534") int uid,
    @DefaultValue("65534") int gid,
    @DefaultValue("/usr/bin/bwrap") Path bwrap,
    @DefaultValue("/usr/bin/setpriv") Path setpriv) {

  public SandboxProperties {
    if (uid <= 0 || gid <= 0) {
      throw new IllegalArgumentException("tern.worker.sandbox.uid and .gid must be positive (not root), got "
          + uid + ":" + gid);
    }
  }

  /** The defaults: {@code auto}, network shared, {@code nobody}. */
  public static SandboxProperties defaults() {
    return new SandboxProperties(SandboxMode.AUTO, false, 65534, 65534, Path.of("/usr/bin/bwrap"),
        Path.of("/usr/bin/setpriv"));
  }
}
