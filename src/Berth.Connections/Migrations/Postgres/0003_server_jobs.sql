-- Background work of the server. job_leases lets several replicas on one database run each job once:
-- a replica runs a job only while it holds that job's unexpired lease.
-- listing_cache keeps repository and tag listings per connection so browsing is served without a registry call;
-- scope is '' for the repository list, else the repository whose tags the row holds.

CREATE TABLE job_leases (
    name    text        NOT NULL PRIMARY KEY,
    holder  text        NOT NULL,
    expires timestamptz NOT NULL
);

CREATE TABLE listing_cache (
    connection_id uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    scope         text        NOT NULL,
    items         text        NOT NULL,
    refreshed     timestamptz NOT NULL,
    PRIMARY KEY (connection_id, scope)
);
