package io.tern.worker.attempt;

import io.tern.protocol.CheckpointCorrupt;
import java.io.IOException;

/** A checkpoint image cannot be restored: it is missing or damaged. Carries what the scheduler is told. */
public class DamagedImageException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient CheckpointCorrupt report;

  /**
   * @param report what is wrong, as reported with {@code POST …/checkpoints/{seq}/corrupt}
   * @param cause the storage's exception, may be null
   */
  public DamagedImageException(CheckpointCorrupt report, Throwable cause) {
    super(report.detail(), cause);
    this.report = report;
  }

  /** What is wrong, for the scheduler. */
  public CheckpointCorrupt report() {
    return report;
  }
}
