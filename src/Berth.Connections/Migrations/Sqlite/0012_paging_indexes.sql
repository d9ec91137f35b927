-- Lists paged by keyset, newest first: the index holds the whole order (time, then id), so a page is one index
-- range however deep it lies.

DROP INDEX copy_jobs_organization;
CREATE INDEX copy_jobs_page ON copy_jobs (organization_id, created, id);

DROP INDEX replication_runs_policy;
CREATE INDEX replication_runs_page ON replication_runs (policy_id, created, id);
