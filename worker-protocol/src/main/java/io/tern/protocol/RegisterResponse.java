package io.tern.protocol;

/**
 * Answer to {@link RegisterRequest}. A worker that registers under a name already known gets the
 * same id back; all attempts the scheduler still believed running there are marked LOST, since the
 * worker's previous life is over.
 */
public record RegisterResponse(long workerId, long heartbeatIntervalMillis) {}
