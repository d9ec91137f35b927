-- What each connection's registry showed it can do when last probed (at connect and on every verify):
-- capabilities is the JSON of RegistryCapabilities (never a secret), probed_at when the probe ran.

CREATE TABLE connection_capabilities (
    connection_id TEXT NOT NULL PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    capabilities  TEXT NOT NULL,
    probed_at     TEXT NOT NULL
);
