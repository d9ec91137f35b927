-- Kubernetes pull-secret targets: a cluster (API server URL, CA bundle, a service-account bearer token kept only as
-- an AES-GCM envelope bound to the row), the namespaces (a JSON array of names, or a label selector), the Secret
-- name, the connections it carries (a JSON array of connection ids, so a rename changes nothing), and whether the
-- namespaces' default ServiceAccount lists the Secret. due_at is when the target is next rewritten.
-- pull_secret_status keeps, per target and namespace, the last attempt, the last successful write and the last error.

CREATE TABLE pull_secret_targets (
    id                 uuid        NOT NULL PRIMARY KEY,
    organization_id    uuid        NOT NULL REFERENCES organizations (id),
    name               text        NOT NULL,
    name_key           text        NOT NULL,
    server             text        NOT NULL,
    ca_bundle          text        NULL,
    token_envelope     text        NOT NULL,
    namespaces         text        NOT NULL,
    namespace_selector text        NULL,
    secret_name        text        NOT NULL,
    connections        text        NOT NULL,
    patch_default_sa   boolean     NOT NULL,
    created            timestamptz NOT NULL,
    updated            timestamptz NOT NULL,
    due_at             timestamptz NULL,
    CONSTRAINT pull_secret_targets_name_unique UNIQUE (organization_id, name_key)
);

CREATE TABLE pull_secret_status (
    target_id    uuid        NOT NULL REFERENCES pull_secret_targets (id) ON DELETE CASCADE,
    namespace    text        NOT NULL,
    last_attempt timestamptz NOT NULL,
    last_write   timestamptz NULL,
    last_action  text        NULL,
    last_error   text        NULL,
    PRIMARY KEY (target_id, namespace)
);

CREATE INDEX pull_secret_targets_due ON pull_secret_targets (due_at);
