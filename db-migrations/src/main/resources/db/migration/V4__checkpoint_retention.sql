-- Tern scheduler schema, version 4: checkpoint integrity, retention and chunk collection (issue 4).

-- CORRUPT: a restore found the image damaged (never handed out again).
-- DELETED: out of retention; its manifest was deleted from storage.
ALTER TABLE checkpoints DROP CONSTRAINT checkpoints_state_check;
ALTER TABLE checkpoints ADD CONSTRAINT checkpoints_state_check
    CHECK (state IN ('PENDING', 'COMMITTED', 'ABORTED', 'CORRUPT', 'DELETED'));
ALTER TABLE checkpoints ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE checkpoints ADD COLUMN corrupt_reason VARCHAR(2000);
ALTER TABLE checkpoints ADD COLUMN chunks_refreshed INTEGER;
ALTER TABLE checkpoints ADD COLUMN deleted_at TIMESTAMPTZ;
-- The collector's working set: every checkpoint whose manifest may still exist.
CREATE INDEX checkpoints_live_idx ON checkpoints (job_id, seq) WHERE state <> 'DELETED';

-- Per-job retention: the number of COMMITTED checkpoints kept (null = tern.checkpoints.retain).
ALTER TABLE jobs ADD COLUMN retain_checkpoints INTEGER;
ALTER TABLE jobs ADD CONSTRAINT jobs_retain_checkpoints_check
    CHECK (retain_checkpoints IS NULL OR retain_checkpoints BETWEEN 1 AND 100);

-- One row per run of the chunk collector that deleted chunks: a commit whose write re-uploaded
-- old chunks is refused if such a run overlapped the write (ADR 0003).
CREATE TABLE chunk_collections (
    id              BIGSERIAL    PRIMARY KEY,
    started_at      TIMESTAMPTZ  NOT NULL,
    finished_at     TIMESTAMPTZ,
    chunks_deleted  INTEGER      NOT NULL DEFAULT 0,
    bytes_deleted   BIGINT       NOT NULL DEFAULT 0,
    manifests_deleted INTEGER    NOT NULL DEFAULT 0
);
CREATE INDEX chunk_collections_started_idx ON chunk_collections (started_at);
