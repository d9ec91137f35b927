-- A counter per organization that moves whenever anything a registry list shows changes (a connection's row or the
-- names of its secrets), kept by triggers so that no write path, process or replica can forget it. Readers compare it
-- to decide whether a list they built earlier still holds.

ALTER TABLE organizations ADD COLUMN connections_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER connections_version_on_insert AFTER INSERT ON connections
BEGIN
    UPDATE organizations SET connections_version = connections_version + 1 WHERE id = NEW.organization_id;
END;

CREATE TRIGGER connections_version_on_update AFTER UPDATE ON connections
BEGIN
    UPDATE organizations SET connections_version = connections_version + 1 WHERE id IN (OLD.organization_id, NEW.organization_id);
END;

CREATE TRIGGER connections_version_on_delete AFTER DELETE ON connections
BEGIN
    UPDATE organizations SET connections_version = connections_version + 1 WHERE id = OLD.organization_id;
END;

CREATE TRIGGER connections_version_on_secret_insert AFTER INSERT ON connection_secrets
BEGIN
    UPDATE organizations SET connections_version = connections_version + 1
    WHERE id = (SELECT organization_id FROM connections WHERE id = NEW.connection_id);
END;

CREATE TRIGGER connections_version_on_secret_update AFTER UPDATE ON connection_secrets
BEGIN
    UPDATE organizations SET connections_version = connections_version + 1
    WHERE id = (SELECT organization_id FROM connections WHERE id = NEW.connection_id);
END;

CREATE TRIGGER connections_version_on_secret_delete AFTER DELETE ON connection_secrets
BEGIN
    UPDATE organizations SET connections_version = connections_version + 1
    WHERE id = (SELECT organization_id FROM connections WHERE id = OLD.connection_id);
END;
