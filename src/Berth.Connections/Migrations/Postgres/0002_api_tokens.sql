-- API tokens for the server and CLI. Only the SHA-256 hash of a token is stored; the token itself is shown once.
-- connections is a JSON array of connection names a ci token may use (empty for admin and member tokens).
-- bootstrap is true on the one admin token created on the server's first run; the partial unique index keeps it one,
-- even when several replicas start at once, and revoked rows stay so it is never issued again.

CREATE TABLE api_tokens (
    id              uuid        NOT NULL PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    role            text        NOT NULL CHECK (role IN ('admin', 'member', 'ci')),
    connections     text        NOT NULL,
    description     text        NULL,
    hash            text        NOT NULL UNIQUE,
    created         timestamptz NOT NULL,
    last_used       timestamptz NULL,
    revoked         timestamptz NULL,
    bootstrap       boolean     NOT NULL DEFAULT false
);

CREATE UNIQUE INDEX api_tokens_one_bootstrap ON api_tokens (bootstrap) WHERE bootstrap;

CREATE INDEX api_tokens_by_organization ON api_tokens (organization_id, created);
