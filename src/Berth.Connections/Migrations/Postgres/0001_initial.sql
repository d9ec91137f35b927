-- Connections, their encrypted secrets, cached short-lived credentials, audit trail, and the key check row.
-- name_key is the name folded to lower case by Berth, so uniqueness ignores case the same way on every backend.

CREATE TABLE organizations (
    id       uuid        NOT NULL PRIMARY KEY,
    name     text        NOT NULL,
    name_key text        NOT NULL UNIQUE,
    created  timestamptz NOT NULL
);

CREATE TABLE connections (
    id                    uuid        NOT NULL PRIMARY KEY,
    organization_id       uuid        NOT NULL REFERENCES organizations (id),
    name                  text        NOT NULL,
    name_key              text        NOT NULL,
    type                  text        NOT NULL,
    url                   text        NOT NULL,
    fields                text        NOT NULL,
    options               text        NOT NULL,
    created               timestamptz NOT NULL,
    updated               timestamptz NOT NULL,
    last_verified_at      timestamptz NULL,
    last_verify_ok        boolean     NULL,
    last_verify_message   text        NULL,
    credential_expires_at timestamptz NULL,
    CONSTRAINT connections_name_unique UNIQUE (organization_id, name_key)
);

CREATE TABLE connection_secrets (
    connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    name          text NOT NULL,
    envelope      text NOT NULL,
    PRIMARY KEY (connection_id, name)
);

CREATE TABLE cached_credentials (
    connection_id uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    kind          text        NOT NULL,
    envelope      text        NOT NULL,
    expires_at    timestamptz NOT NULL,
    updated       timestamptz NOT NULL,
    PRIMARY KEY (connection_id, kind)
);

CREATE TABLE audit (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id uuid        NOT NULL,
    at              timestamptz NOT NULL,
    actor           text        NOT NULL,
    action          text        NOT NULL,
    connection_id   uuid        NULL,
    detail          text        NULL
);

CREATE INDEX audit_by_organization ON audit (organization_id, id);

CREATE TABLE key_check (
    id       integer NOT NULL PRIMARY KEY CHECK (id = 1),
    key_id   text    NOT NULL,
    envelope text    NOT NULL
);
