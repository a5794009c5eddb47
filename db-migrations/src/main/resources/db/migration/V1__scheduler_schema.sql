-- Tern scheduler schema, version 1.
-- State columns carry CHECK constraints that mirror the Java enums
-- (io.tern.scheduler.job.JobState, attempt.AttemptState, attempt.DesiredState,
-- worker.WorkerState, checkpoint.CheckpointState). Every mutable row has a
-- "version" column used for optimistic, conditional updates.

CREATE TABLE workers (
    id              BIGSERIAL    PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    slots           INTEGER      NOT NULL,
    memory_mb       BIGINT       NOT NULL,
    labels          JSONB        NOT NULL DEFAULT '{}'::jsonb,
    software_version VARCHAR(100),
    registered_at   TIMESTAMPTZ  NOT NULL,
    last_seen_at    TIMESTAMPTZ  NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT workers_name_unique UNIQUE (name),
    CONSTRAINT workers_state_check CHECK (state IN ('ACTIVE', 'LOST')),
    CONSTRAINT workers_slots_check CHECK (slots >= 1),
    CONSTRAINT workers_memory_check CHECK (memory_mb >= 1)
);

CREATE TABLE jobs (
    id                          BIGSERIAL     PRIMARY KEY,
    name                        VARCHAR(200)  NOT NULL,
    type                        VARCHAR(100),
    entry_class                 VARCHAR(500)  NOT NULL,
    parameters                  JSONB         NOT NULL DEFAULT '{}'::jsonb,
    slots                       INTEGER       NOT NULL,
    memory_mb                   INTEGER       NOT NULL,
    checkpoint_interval_seconds INTEGER       NOT NULL,
    max_retries                 INTEGER       NOT NULL,
    priority                    INTEGER       NOT NULL DEFAULT 0,
    state                       VARCHAR(16)   NOT NULL,
    retry_count                 INTEGER       NOT NULL DEFAULT 0,
    not_before                  TIMESTAMPTZ,
    current_attempt_id          BIGINT,
    attempt_count               INTEGER       NOT NULL DEFAULT 0,
    step                        BIGINT,
    progress                    DOUBLE PRECISION,
    result                      JSONB,
    error                       TEXT,
    submitted_at                TIMESTAMPTZ   NOT NULL,
    started_at                  TIMESTAMPTZ,
    finished_at                 TIMESTAMPTZ,
    version                     BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT jobs_state_check CHECK (state IN ('QUEUED', 'RUNNING', 'CANCELLING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    CONSTRAINT jobs_slots_check CHECK (slots BETWEEN 1 AND 64),
    CONSTRAINT jobs_memory_check CHECK (memory_mb BETWEEN 64 AND 65536),
    CONSTRAINT jobs_checkpoint_interval_check CHECK (checkpoint_interval_seconds BETWEEN 1 AND 86400),
    CONSTRAINT jobs_max_retries_check CHECK (max_retries BETWEEN 0 AND 100),
    CONSTRAINT jobs_retry_count_check CHECK (retry_count >= 0)
);

-- Listing jobs by state, newest first.
CREATE INDEX jobs_state_id_idx ON jobs (state, id DESC);
-- The placement queue: QUEUED jobs by priority, then age.
CREATE INDEX jobs_queue_idx ON jobs (priority DESC, submitted_at, id) WHERE state = 'QUEUED';

CREATE TABLE attempts (
    id                BIGSERIAL    PRIMARY KEY,
    job_id            BIGINT       NOT NULL REFERENCES jobs (id),
    number            INTEGER      NOT NULL,
    worker_id         BIGINT       NOT NULL REFERENCES workers (id),
    state             VARCHAR(16)  NOT NULL,
    desired           VARCHAR(8)   NOT NULL,
    slots             INTEGER      NOT NULL,
    memory_mb         INTEGER      NOT NULL,
    restore_from_seq  BIGINT,
    restored_from_seq BIGINT,
    placed_at         TIMESTAMPTZ  NOT NULL,
    started_at        TIMESTAMPTZ,
    ended_at          TIMESTAMPTZ,
    recovery_ms       BIGINT,
    restore_ms        BIGINT,
    restored_bytes    BIGINT,
    exit_code         INTEGER,
    error             TEXT,
    version           BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT attempts_job_number_unique UNIQUE (job_id, number),
    CONSTRAINT attempts_state_check CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'LOST', 'KILLED')),
    CONSTRAINT attempts_desired_check CHECK (desired IN ('RUN', 'KILL')),
    CONSTRAINT attempts_number_check CHECK (number >= 1)
);

-- Attempts of one worker that still hold resources (PENDING, RUNNING).
CREATE INDEX attempts_worker_state_idx ON attempts (worker_id, state);

ALTER TABLE jobs
    ADD CONSTRAINT jobs_current_attempt_fk FOREIGN KEY (current_attempt_id) REFERENCES attempts (id);

CREATE TABLE checkpoints (
    id              BIGSERIAL    PRIMARY KEY,
    job_id          BIGINT       NOT NULL REFERENCES jobs (id),
    seq             BIGINT       NOT NULL,
    attempt_id      BIGINT       NOT NULL REFERENCES attempts (id),
    state           VARCHAR(16)  NOT NULL,
    manifest_key    VARCHAR(1000) NOT NULL,
    step            BIGINT,
    created_at      TIMESTAMPTZ  NOT NULL,
    committed_at    TIMESTAMPTZ,
    snapshot_ms     BIGINT,
    commit_ms       BIGINT,
    logical_bytes   BIGINT,
    stored_bytes    BIGINT,
    uploaded_bytes  BIGINT,
    chunks          INTEGER,
    chunks_reused   INTEGER,
    version         BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT checkpoints_job_seq_unique UNIQUE (job_id, seq),
    CONSTRAINT checkpoints_state_check CHECK (state IN ('PENDING', 'COMMITTED', 'ABORTED')),
    CONSTRAINT checkpoints_seq_check CHECK (seq >= 1)
);

CREATE INDEX checkpoints_attempt_idx ON checkpoints (attempt_id);

CREATE TABLE job_events (
    id              BIGSERIAL    PRIMARY KEY,
    job_id          BIGINT       NOT NULL REFERENCES jobs (id),
    type            VARCHAR(40)  NOT NULL,
    message         TEXT         NOT NULL,
    attempt_number  INTEGER,
    worker_name     VARCHAR(200),
    created_at      TIMESTAMPTZ  NOT NULL
);

-- A job's event log in order.
CREATE INDEX job_events_job_idx ON job_events (job_id, id);
