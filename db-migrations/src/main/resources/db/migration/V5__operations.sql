-- Tern scheduler schema, version 5: operating the cluster (issue 6) — cordon, drain, hold/release,
-- migrate, placement constraints, resubmit from a checkpoint, rebalance, recurring submissions.
-- CHECK constraints mirror io.tern.scheduler.job.JobState, attempt.DesiredState and drain.DrainState.

-- HELD: a user or operator held the job; it is not placed until released.
ALTER TABLE jobs DROP CONSTRAINT jobs_state_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_state_check
    CHECK (state IN ('QUEUED', 'RUNNING', 'CANCELLING', 'HELD', 'COMPLETED', 'FAILED', 'CANCELLED'));
-- Non-null while the job is to be held: a RUNNING job with a hold reason is being checkpointed and stopped.
ALTER TABLE jobs ADD COLUMN hold_reason VARCHAR(1000);
-- Worker labels the job requires (all must match exactly).
ALTER TABLE jobs ADD COLUMN constraints JSONB NOT NULL DEFAULT '{}'::jsonb;
-- Where the next placement must go (set by migrate, cleared when placed).
ALTER TABLE jobs ADD COLUMN target_worker_id BIGINT REFERENCES workers (id);
ALTER TABLE jobs ADD COLUMN target_labels JSONB;
-- When the job was last moved (drain, migrate, rebalance): the rebalancer's cooldown.
ALTER TABLE jobs ADD COLUMN last_moved_at TIMESTAMPTZ;
-- Resubmitted from checkpoint origin_seq of job origin_job_id: its first attempt restores that image.
ALTER TABLE jobs ADD COLUMN origin_job_id BIGINT REFERENCES jobs (id);
ALTER TABLE jobs ADD COLUMN origin_seq BIGINT;
-- Submitted by a recurring schedule.
ALTER TABLE jobs ADD COLUMN schedule_id BIGINT;
ALTER TABLE jobs ADD CONSTRAINT jobs_origin_check CHECK ((origin_job_id IS NULL) = (origin_seq IS NULL));
CREATE INDEX jobs_origin_idx ON jobs (origin_job_id) WHERE origin_job_id IS NOT NULL;

-- VACATE: checkpoint now, then stop (drain, migrate, hold, rebalance).
ALTER TABLE attempts DROP CONSTRAINT attempts_desired_check;
ALTER TABLE attempts ADD CONSTRAINT attempts_desired_check CHECK (desired IN ('RUN', 'VACATE', 'KILL'));
-- The job whose checkpoint restore_from_seq names (null: the attempt's own job).
ALTER TABLE attempts ADD COLUMN restore_from_job_id BIGINT REFERENCES jobs (id);
-- Why the scheduler wants the attempt stopped (VACATE or KILL), for events and drain status.
ALTER TABLE attempts ADD COLUMN stop_reason VARCHAR(1000);
ALTER TABLE attempts ADD COLUMN stop_requested_at TIMESTAMPTZ;

-- A cordoned worker takes no new work; its running jobs stay (drain cordons too).
ALTER TABLE workers ADD COLUMN cordoned BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE workers ADD COLUMN cordon_reason VARCHAR(1000);

CREATE TABLE drains (
    id              BIGSERIAL     PRIMARY KEY,
    worker_id       BIGINT        NOT NULL REFERENCES workers (id),
    mode            VARCHAR(16)   NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    reason          VARCHAR(1000),
    requested_by    VARCHAR(200)  NOT NULL,
    deadline        TIMESTAMPTZ,
    started_at      TIMESTAMPTZ   NOT NULL,
    ended_at        TIMESTAMPTZ,
    outcome         VARCHAR(2000),
    version         BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT drains_mode_check CHECK (mode IN ('GRACEFUL', 'IMMEDIATE')),
    CONSTRAINT drains_state_check CHECK (state IN ('DRAINING', 'COMPLETED', 'CANCELLED'))
);
-- At most one drain in progress per worker.
CREATE UNIQUE INDEX drains_one_active_idx ON drains (worker_id) WHERE state = 'DRAINING';

-- The attempts a drain has to move off its worker, with what happened to each.
CREATE TABLE drain_jobs (
    id              BIGSERIAL     PRIMARY KEY,
    drain_id        BIGINT        NOT NULL REFERENCES drains (id),
    job_id          BIGINT        NOT NULL REFERENCES jobs (id),
    attempt_id      BIGINT        NOT NULL REFERENCES attempts (id),
    note            VARCHAR(2000),
    version         BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT drain_jobs_unique UNIQUE (drain_id, attempt_id)
);

-- Audit log of operations on workers (cordon, drain, ...).
CREATE TABLE worker_events (
    id              BIGSERIAL     PRIMARY KEY,
    worker_id       BIGINT        NOT NULL REFERENCES workers (id),
    type            VARCHAR(32)   NOT NULL,
    message         TEXT          NOT NULL,
    actor           VARCHAR(200),
    created_at      TIMESTAMPTZ   NOT NULL
);
CREATE INDEX worker_events_worker_idx ON worker_events (worker_id, id);

-- Operation settings changed at run time (defaults come from tern.operations.*).
CREATE TABLE operation_settings (
    name            VARCHAR(100)  PRIMARY KEY,
    value           VARCHAR(200)  NOT NULL,
    updated_by      VARCHAR(200),
    updated_at      TIMESTAMPTZ   NOT NULL
);

-- Recurring submissions: a cron expression that submits a job template (fired by Quartz).
CREATE TABLE schedules (
    id              BIGSERIAL     PRIMARY KEY,
    name            VARCHAR(200)  NOT NULL,
    cron            VARCHAR(200)  NOT NULL,
    time_zone       VARCHAR(100)  NOT NULL,
    owner           VARCHAR(200)  NOT NULL,
    template        JSONB         NOT NULL,
    paused          BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ   NOT NULL,
    last_fired_at   TIMESTAMPTZ,
    last_job_id     BIGINT,
    version         BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT schedules_name_unique UNIQUE (name)
);
ALTER TABLE jobs ADD CONSTRAINT jobs_schedule_fk FOREIGN KEY (schedule_id) REFERENCES schedules (id) ON DELETE SET NULL;

-- Migrate without a target: the next placement avoids this worker when another one fits.
ALTER TABLE jobs ADD COLUMN avoid_worker_id BIGINT REFERENCES workers (id);
