package io.tern.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.sdk.internal.host.ProcessSandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which sandbox a worker starts with, for each setting and host; never none unless configured. */
class SandboxSelectorTest {

  /** A host where bubblewrap and setpriv either work or fail with a given message. */
  private static final class FakeHost implements SandboxSelector.Host {
    final boolean root;
    final String bwrapFailure;
    final String setprivFailure;
    final List<List<String>> ran = new ArrayList<>();

    FakeHost(boolean root, String bwrapFailure, String setprivFailure) {
      this.root = root;
      this.bwrapFailure = bwrapFailure;
      this.setprivFailure = setprivFailure;
    }

    @Override
    public boolean isRoot() {
      return root;
    }

    @Override
    public Optional<String> tryRun(List<String> command) {
      ran.add(command);
      return Optional.ofNullable(command.get(0).endsWith("bwrap") ? bwrapFailure : setprivFailure);
    }
  }

  @Test
  void autoTakesBubblewrapWhenItRunsHere() {
    FakeHost host = new FakeHost(true, null, null);
    SandboxSelector.Choice choice = new SandboxSelector(settings(SandboxMode.AUTO), host).choose();

    assertThat(choice.mode()).isEqualTo(SandboxMode.BUBBLEWRAP);
    assertThat(choice.sandbox()).isInstanceOf(BubblewrapSandbox.class);
    assertThat(host.ran.get(0)).first().isEqualTo("/usr/bin/bwrap");
    assertThat(host.ran.get(0)).contains("--unshare-pid", "--die-with-parent", "--reuid=65534").endsWith("/bin/true");
  }

  @Test
  void autoFallsBackToASeparateUidAndSaysWhyWhenBubblewrapFailsOnARootWorker() {
    FakeHost host = new FakeHost(true, "exited with 1: No permissions to creating new namespace", null);
    SandboxSelector.Choice choice = new SandboxSelector(settings(SandboxMode.AUTO), host).choose();

    assertThat(choice.mode()).isEqualTo(SandboxMode.UID);
    assertThat(choice.sandbox()).isInstanceOf(SeparateUidSandbox.class);
    assertThat(choice.reason()).contains("No permissions to creating new namespace", "separate uid");
  }

  @Test
  void autoRefusesToStartWhenNothingWorksInsteadOfRunningJobsUncontained() {
    FakeHost host = new FakeHost(false, "exited with 1: setting up uid map: Permission denied", null);

    assertThatThrownBy(() -> new SandboxSelector(settings(SandboxMode.AUTO), host).choose())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no job sandbox works on this host")
        .hasMessageContaining("setting up uid map: Permission denied")
        .hasMessageContaining("does not run as root")
        .hasMessageContaining("tern.worker.sandbox.mode=none");
  }

  @Test
  void noneIsTakenOnlyWhenConfiguredAndProbesNothing() {
    FakeHost host = new FakeHost(true, null, null);
    SandboxSelector.Choice choice = new SandboxSelector(settings(SandboxMode.NONE), host).choose();

    assertThat(choice.mode()).isEqualTo(SandboxMode.NONE);
    assertThat(choice.sandbox()).isSameAs(ProcessSandbox.NONE);
    assertThat(host.ran).isEmpty();
  }

  @Test
  void aConfiguredModeThatDoesNotWorkHereStopsTheWorker() {
    assertThatThrownBy(() -> new SandboxSelector(settings(SandboxMode.BUBBLEWRAP), new FakeHost(true, "not found", null))
        .choose()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tern.worker.sandbox.mode=bubblewrap").hasMessageContaining("not found");
    assertThatThrownBy(() -> new SandboxSelector(settings(SandboxMode.UID), new FakeHost(false, null, null)).choose())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tern.worker.sandbox.mode=uid").hasMessageContaining("does not run as root");
  }

  @Test
  void aNonRootWorkerSandboxesInAUserNamespaceWithoutSetpriv() {
    FakeHost host = new FakeHost(false, null, null);
    new SandboxSelector(settings(SandboxMode.AUTO), host).choose();

    assertThat(host.ran.get(0)).contains("--unshare-user", "--disable-userns").doesNotContain("/usr/bin/setpriv");
  }

  @Test
  void rootIsRefusedAsTheJobsUid() {
    assertThatThrownBy(() -> new SandboxProperties(SandboxMode.AUTO, false, 0, 65534, Path.of("/usr/bin/bwrap"),
        Path.of("/usr/bin/setpriv"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tern.worker.sandbox.uid");
  }

  private static SandboxProperties settings(SandboxMode mode) {
    SandboxProperties d = SandboxProperties.defaults();
    return new SandboxProperties(mode, d.isolateNetwork(), d.uid(), d.gid(), d.bwrap(), d.setpriv());
  }
}
