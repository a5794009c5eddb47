package io.tern.worker.sandbox;

/** How job processes are contained ({@code tern.worker.sandbox.mode}); docs/security.md, "Job sandbox". */
public enum SandboxMode {
  /** Bubblewrap if it works on this host, else a separate uid when the worker runs as root; else the worker refuses to start. */
  AUTO,
  /** Each job in its own bubblewrap sandbox: own mount, PID, IPC and UTS namespaces, a read-only system. */
  BUBBLEWRAP,
  /** Each job as a separate unprivileged uid (root workers only): no namespaces. */
  UID,
  /** No containment: job code runs with the worker's rights. Only when set explicitly. */
  NONE
}
