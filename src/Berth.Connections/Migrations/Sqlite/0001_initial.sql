-- Connections, their encrypted secrets, cached short-lived credentials, audit trail, and the key check row.
-- Ids are canonical GUID text, times ISO-8601 UTC text with microseconds (sortable as text).
-- name_key is the name folded to lower case by Berth, so uniqueness ignores case the same way on every backend.

CREATE TABLE organizations (
    id       TEXT NOT NULL PRIMARY KEY,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    created  TEXT NOT NULL
);

CREATE TABLE connections (
    id                    TEXT NOT NULL PRIMARY KEY,
    organization_id       TEXT NOT NULL REFERENCES organizations (id),
    name                  TEXT NOT NULL,
    name_key              TEXT NOT NULL,
    type                  TEXT NOT NULL,
    url                   TEXT NOT NULL,
    fields                TEXT NOT NULL,
    options               TEXT NOT NULL,
    created               TEXT NOT NULL,
    updated               TEXT NOT NULL,
    last_verified_at      TEXT NULL,
    last_verify_ok        INTEGER NULL,
    last_verify_message   TEXT NULL,
    credential_expires_at TEXT NULL,
    CONSTRAINT connections_name_unique UNIQUE (organization_id, name_key)
);

CREATE TABLE connection_secrets (
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    envelope      TEXT NOT NULL,
    PRIMARY KEY (connection_id, name)
);

CREATE TABLE cached_credentials (
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    envelope      TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    updated       TEXT NOT NULL,
    PRIMARY KEY (connection_id, kind)
);

CREATE TABLE audit (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id TEXT NOT NULL,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    connection_id   TEXT NULL,
    detail          TEXT NULL
);

CREATE INDEX audit_by_organization ON audit (organization_id, id);

CREATE TABLE key_check (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    key_id   TEXT NOT NULL,
    envelope TEXT NOT NULL
);
