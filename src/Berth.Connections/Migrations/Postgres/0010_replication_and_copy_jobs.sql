-- Durable work the server's job engine runs: replication policies with their runs and per-image results, and copy
-- jobs. State, progress and outcome live here, so every replica sees them and a replica that takes over a job
-- recovered from a dead one continues the same row. cancel_requested is how a replica that does not run a job asks
-- the one that does to stop it (the runner polls it).

CREATE TABLE replication_policies (
    id                        uuid        NOT NULL PRIMARY KEY,
    organization_id           uuid        NOT NULL REFERENCES organizations (id),
    name                      text        NOT NULL,
    name_key                  text        NOT NULL,
    source_connection_id      uuid        NOT NULL REFERENCES connections (id),
    destination_connection_id uuid        NOT NULL REFERENCES connections (id),
    definition                text        NOT NULL,
    created                   timestamptz NOT NULL,
    created_by                text        NOT NULL,
    UNIQUE (organization_id, name_key)
);

CREATE TABLE replication_runs (
    id               uuid        NOT NULL PRIMARY KEY,
    policy_id        uuid        NOT NULL REFERENCES replication_policies (id) ON DELETE CASCADE,
    organization_id  uuid        NOT NULL,
    trigger          text        NOT NULL,
    slot             bigint      NULL,
    status           text        NOT NULL,
    cancel_requested integer     NOT NULL DEFAULT 0,
    created          timestamptz NOT NULL,
    started          timestamptz NULL,
    finished         timestamptz NULL,
    copied           integer     NOT NULL DEFAULT 0,
    unchanged        integer     NOT NULL DEFAULT 0,
    failed           integer     NOT NULL DEFAULT 0,
    attempts         integer     NOT NULL DEFAULT 0,
    replica          text        NULL,
    error            text        NULL,
    -- A scheduled run is keyed by its schedule slot: one run per slot whichever replica fires it.
    UNIQUE (policy_id, slot)
);

CREATE INDEX replication_runs_policy ON replication_runs (policy_id, created);

CREATE TABLE replication_images (
    run_id    uuid    NOT NULL REFERENCES replication_runs (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    source    text    NOT NULL,
    target    text    NOT NULL,
    reference text    NULL,
    status    text    NOT NULL,
    digest    text    NULL,
    bytes     bigint  NOT NULL DEFAULT 0,
    reason    text    NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE copy_jobs (
    id                   uuid        NOT NULL PRIMARY KEY,
    organization_id      uuid        NOT NULL REFERENCES organizations (id),
    source               text        NOT NULL,
    target               text        NOT NULL,
    source_connection_id uuid        NOT NULL,
    target_connection_id uuid        NOT NULL,
    source_registry      text        NOT NULL,
    target_registry      text        NOT NULL,
    platform             text        NULL,
    all_tags             integer     NOT NULL DEFAULT 0,
    status               text        NOT NULL,
    cancel_requested     integer     NOT NULL DEFAULT 0,
    created              timestamptz NOT NULL,
    started              timestamptz NULL,
    finished             timestamptz NULL,
    blobs_copied         integer     NOT NULL DEFAULT 0,
    blobs_skipped        integer     NOT NULL DEFAULT 0,
    blobs_mounted        integer     NOT NULL DEFAULT 0,
    bytes                bigint      NOT NULL DEFAULT 0,
    manifests            integer     NOT NULL DEFAULT 0,
    attempts             integer     NOT NULL DEFAULT 0,
    replica              text        NULL,
    digest               text        NULL,
    error                text        NULL
);

CREATE INDEX copy_jobs_organization ON copy_jobs (organization_id, created);
