-- Tern scheduler schema, version 9: job artifacts (jars users upload and jobs run from).
-- Storage and collection rules: docs/adr/0008-artifacts.md.

-- Stored artifact content, one row per distinct SHA-256. A row exists only once the artifact's
-- manifest (artifacts/<sha256>.json) is written to storage: the row is what says "stored".
CREATE TABLE artifacts (
    sha256          VARCHAR(64)      PRIMARY KEY,
    size            BIGINT        NOT NULL,
    -- concrete public classes implementing io.tern.sdk.CheckpointableJob, found by reading class files
    job_classes     JSONB         NOT NULL DEFAULT '[]'::jsonb,
    stored_at       TIMESTAMPTZ   NOT NULL,
    version         BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT artifacts_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT artifacts_size_check CHECK (size >= 0)
);

-- Who uploaded which content, under which name: what a user lists, pins and deletes. The same bytes
-- uploaded by two owners are two rows over one artifacts row.
CREATE TABLE artifact_uploads (
    id              BIGSERIAL     PRIMARY KEY,
    sha256          VARCHAR(64)      NOT NULL REFERENCES artifacts (sha256),
    owner           VARCHAR(200)  NOT NULL,
    name            VARCHAR(200)  NOT NULL,
    kind            VARCHAR(16)   NOT NULL,
    uploaded_at     TIMESTAMPTZ   NOT NULL,
    pinned          BOOLEAN       NOT NULL DEFAULT FALSE,
    version         BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT artifact_uploads_sha256_owner_unique UNIQUE (sha256, owner),
    CONSTRAINT artifact_uploads_kind_check CHECK (kind IN ('APPLICATION', 'LIBRARY'))
);
-- A user's uploads, newest first; the previous version of a name.
CREATE INDEX artifact_uploads_owner_name_idx ON artifact_uploads (owner, name, uploaded_at DESC);
CREATE INDEX artifact_uploads_uploaded_idx ON artifact_uploads (uploaded_at DESC, id DESC);

-- Uploads in progress (PENDING): written and committed before the first byte goes to storage, deleted
-- in the transaction that stores the artifacts row. While one exists, neither its artifact nor the
-- previous version whose chunks it reuses may be deleted; the chunk collector keeps the previous
-- version's packs (ADR 0008). A row older than the upload timeout is abandoned (crash) and collected.
CREATE TABLE artifact_writes (
    id              BIGSERIAL     PRIMARY KEY,
    sha256          VARCHAR(64)      NOT NULL,
    previous_sha256 VARCHAR(64),
    owner           VARCHAR(200)  NOT NULL,
    started_at      TIMESTAMPTZ   NOT NULL,
    CONSTRAINT artifact_writes_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT artifact_writes_previous_check CHECK (previous_sha256 IS NULL OR previous_sha256 ~ '^[0-9a-f]{64}$')
);
CREATE INDEX artifact_writes_sha256_idx ON artifact_writes (sha256);
CREATE INDEX artifact_writes_previous_idx ON artifact_writes (previous_sha256);

-- The artifacts a job was submitted with, in class-path order: pinned at submit, never changed.
-- name and size are copied from the submitter's view at submit. No foreign key to artifacts: a job
-- keeps saying what it ran after the content was collected (it is kept while the job is unfinished
-- or has a committed checkpoint, ADR 0008).
CREATE TABLE job_artifacts (
    job_id          BIGINT        NOT NULL REFERENCES jobs (id),
    position        INTEGER       NOT NULL,
    sha256          VARCHAR(64)      NOT NULL,
    name            VARCHAR(200)  NOT NULL,
    size            BIGINT        NOT NULL,
    PRIMARY KEY (job_id, position),
    CONSTRAINT job_artifacts_job_sha256_unique UNIQUE (job_id, sha256),
    CONSTRAINT job_artifacts_position_check CHECK (position BETWEEN 0 AND 19)
);
-- Which jobs refer to an artifact (deletion and collection checks).
CREATE INDEX job_artifacts_sha256_idx ON job_artifacts (sha256, job_id);
