-- Kubernetes pull-secret targets: a cluster (API server URL, CA bundle, a service-account bearer token kept only as
-- an AES-GCM envelope bound to the row), the namespaces (a JSON array of names, or a label selector), the Secret
-- name, the connections it carries (a JSON array of connection ids, so a rename changes nothing), and whether the
-- namespaces' default ServiceAccount lists the Secret. due_at is when the target is next rewritten.
-- pull_secret_status keeps, per target and namespace, the last attempt, the last successful write and the last error.

CREATE TABLE pull_secret_targets (
    id                 TEXT    NOT NULL PRIMARY KEY,
    organization_id    TEXT    NOT NULL REFERENCES organizations (id),
    name               TEXT    NOT NULL,
    name_key           TEXT    NOT NULL,
    server             TEXT    NOT NULL,
    ca_bundle          TEXT    NULL,
    token_envelope     TEXT    NOT NULL,
    namespaces         TEXT    NOT NULL,
    namespace_selector TEXT    NULL,
    secret_name        TEXT    NOT NULL,
    connections        TEXT    NOT NULL,
    patch_default_sa   INTEGER NOT NULL,
    created            TEXT    NOT NULL,
    updated            TEXT    NOT NULL,
    due_at             TEXT    NULL,
    CONSTRAINT pull_secret_targets_name_unique UNIQUE (organization_id, name_key)
);

CREATE TABLE pull_secret_status (
    target_id    TEXT NOT NULL REFERENCES pull_secret_targets (id) ON DELETE CASCADE,
    namespace    TEXT NOT NULL,
    last_attempt TEXT NOT NULL,
    last_write   TEXT NULL,
    last_action  TEXT NULL,
    last_error   TEXT NULL,
    PRIMARY KEY (target_id, namespace)
);

CREATE INDEX pull_secret_targets_due ON pull_secret_targets (due_at);
