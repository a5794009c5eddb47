-- Indexes for GET /api/v1/jobs (filters owner, state, name; sorts; a unique id tiebreak).
-- Already present: jobs_pkey (id) for the default newest-first list, jobs_state_id_idx (state, id DESC)
-- from V1 and jobs_owner_id_idx (owner, id DESC) from V3.

-- A submitter's (or an operator's owner filter) jobs in one state, newest first.
CREATE INDEX jobs_owner_state_id_idx ON jobs (owner, state, id DESC);

-- Sorting by submission time; read backwards for submittedAt,desc. The id column is the tiebreak the
-- list query always adds in the same direction.
CREATE INDEX jobs_submitted_at_id_idx ON jobs (submitted_at, id);

-- Name substring search (lower(name) LIKE '%text%'): a trigram GIN index, when the pg_trgm extension
-- can be created here (it ships with PostgreSQL's contrib package and is a trusted extension since
-- PostgreSQL 13, so the database owner may create it). Where it cannot, the migration still succeeds
-- and name filters fall back to scanning the rows left by the other filters (tens of milliseconds at
-- 100,000 jobs); install pg_trgm and create the index below by hand to get it back. A btree index
-- cannot help a substring match, so none is created instead.
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm is not available (%); job name search will not use an index', SQLERRM;
    END;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX jobs_name_trgm_idx ON jobs USING gin (lower(name) gin_trgm_ops)';
    END IF;
END
$$;
