-- API tokens for the server and CLI. Only the SHA-256 hash of a token is stored; the token itself is shown once.
-- connections is a JSON array of connection names a ci token may use (empty for admin and member tokens).
-- bootstrap is 1 on the one admin token created on the server's first run; the partial unique index keeps it one,
-- even when several replicas start at once, and revoked rows stay so it is never issued again.

CREATE TABLE api_tokens (
    id              TEXT    NOT NULL PRIMARY KEY,
    organization_id TEXT    NOT NULL REFERENCES organizations (id),
    role            TEXT    NOT NULL CHECK (role IN ('admin', 'member', 'ci')),
    connections     TEXT    NOT NULL,
    description     TEXT    NULL,
    hash            TEXT    NOT NULL UNIQUE,
    created         TEXT    NOT NULL,
    last_used       TEXT    NULL,
    revoked         TEXT    NULL,
    bootstrap       INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX api_tokens_one_bootstrap ON api_tokens (bootstrap) WHERE bootstrap = 1;

CREATE INDEX api_tokens_by_organization ON api_tokens (organization_id, created);
