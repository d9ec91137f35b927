-- Durable work the server's job engine runs: replication policies with their runs and per-image results, and copy
-- jobs. State, progress and outcome live here, so every replica sees them and a replica that takes over a job
-- recovered from a dead one continues the same row. cancel_requested is how a replica that does not run a job asks
-- the one that does to stop it (the runner polls it).

CREATE TABLE replication_policies (
    id                        TEXT        NOT NULL PRIMARY KEY,
    organization_id           TEXT        NOT NULL REFERENCES organizations (id),
    name                      TEXT        NOT NULL,
    name_key                  TEXT        NOT NULL,
    source_connection_id      TEXT        NOT NULL REFERENCES connections (id),
    destination_connection_id TEXT        NOT NULL REFERENCES connections (id),
    definition                TEXT        NOT NULL,
    created                   TEXT NOT NULL,
    created_by                TEXT        NOT NULL,
    UNIQUE (organization_id, name_key)
);

CREATE TABLE replication_runs (
    id               TEXT        NOT NULL PRIMARY KEY,
    policy_id        TEXT        NOT NULL REFERENCES replication_policies (id) ON DELETE CASCADE,
    organization_id  TEXT        NOT NULL,
    trigger          TEXT        NOT NULL,
    slot             INTEGER      NULL,
    status           TEXT        NOT NULL,
    cancel_requested INTEGER     NOT NULL DEFAULT 0,
    created          TEXT NOT NULL,
    started          TEXT NULL,
    finished         TEXT NULL,
    copied           INTEGER     NOT NULL DEFAULT 0,
    unchanged        INTEGER     NOT NULL DEFAULT 0,
    failed           INTEGER     NOT NULL DEFAULT 0,
    attempts         INTEGER     NOT NULL DEFAULT 0,
    replica          TEXT        NULL,
    error            TEXT        NULL,
    -- A scheduled run is keyed by its schedule slot: one run per slot whichever replica fires it.
    UNIQUE (policy_id, slot)
);

CREATE INDEX replication_runs_policy ON replication_runs (policy_id, created);

CREATE TABLE replication_images (
    run_id    TEXT    NOT NULL REFERENCES replication_runs (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    source    TEXT    NOT NULL,
    target    TEXT    NOT NULL,
    reference TEXT    NULL,
    status    TEXT    NOT NULL,
    digest    TEXT    NULL,
    bytes     INTEGER  NOT NULL DEFAULT 0,
    reason    TEXT    NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE copy_jobs (
    id                   TEXT        NOT NULL PRIMARY KEY,
    organization_id      TEXT        NOT NULL REFERENCES organizations (id),
    source               TEXT        NOT NULL,
    target               TEXT        NOT NULL,
    source_connection_id TEXT        NOT NULL,
    target_connection_id TEXT        NOT NULL,
    source_registry      TEXT        NOT NULL,
    target_registry      TEXT        NOT NULL,
    platform             TEXT        NULL,
    all_tags             INTEGER     NOT NULL DEFAULT 0,
    status               TEXT        NOT NULL,
    cancel_requested     INTEGER     NOT NULL DEFAULT 0,
    created              TEXT NOT NULL,
    started              TEXT NULL,
    finished             TEXT NULL,
    blobs_copied         INTEGER     NOT NULL DEFAULT 0,
    blobs_skipped        INTEGER     NOT NULL DEFAULT 0,
    blobs_mounted        INTEGER     NOT NULL DEFAULT 0,
    bytes                INTEGER      NOT NULL DEFAULT 0,
    manifests            INTEGER     NOT NULL DEFAULT 0,
    attempts             INTEGER     NOT NULL DEFAULT 0,
    replica              TEXT        NULL,
    digest               TEXT        NULL,
    error                TEXT        NULL
);

CREATE INDEX copy_jobs_organization ON copy_jobs (organization_id, created);
