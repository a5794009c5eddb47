-- Tern scheduler schema, version 3: authentication and ownership.
-- API tokens are kept only as SHA-256 hashes (hex) of the token text; the text is shown once.
-- Workers keep the hash of their current secret (rotated on every registration).

CREATE TABLE api_tokens (
    id              BIGSERIAL    PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    owner           VARCHAR(100) NOT NULL,
    token_hash      VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    CONSTRAINT api_tokens_hash_unique UNIQUE (token_hash),
    CONSTRAINT api_tokens_role_check CHECK (role IN ('SUBMITTER', 'OPERATOR', 'ADMIN')),
    CONSTRAINT api_tokens_expiry_check CHECK (expires_at IS NULL OR expires_at > created_at)
);

-- Jobs belong to the owner named by the token that submitted them. Jobs submitted before
-- authentication existed belong to 'admin' (the owner of the standalone's generated admin token).
ALTER TABLE jobs ADD COLUMN owner VARCHAR(100) NOT NULL DEFAULT 'admin';
ALTER TABLE jobs ALTER COLUMN owner DROP DEFAULT;
-- A submitter's job list, newest first.
CREATE INDEX jobs_owner_id_idx ON jobs (owner, id DESC);

ALTER TABLE workers ADD COLUMN secret_hash VARCHAR(64);
