-- The last request quota a connection's registry announced (Docker Hub's RateLimit-Limit / RateLimit-Remaining),
-- one row per connection, replaced whenever a command sees the headers again.

CREATE TABLE connection_rate_limits (
    connection_id  TEXT    NOT NULL PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    quota          INTEGER NOT NULL,
    remaining      INTEGER NULL,
    window_seconds INTEGER NULL,
    observed       TEXT    NOT NULL
);
