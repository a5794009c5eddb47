package io.tern.scheduler.attempt;

import java.time.Instant;

/** An attempt as the REST API shows it. Times in milliseconds. */
public record AttemptView(
    long id,
    int number,
    String worker,
    AttemptState state,
    DesiredState desired,
    Instant placedAt,
    Instant startedAt,
    Instant endedAt,
    Long restoreFromSeq,
    Long restoredFromSeq,
    Long recoveryMs,
    Long restoreMs,
    Long restoredBytes,
    Integer exitCode,
    String error) {}
