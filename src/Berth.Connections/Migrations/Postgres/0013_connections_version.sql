-- A counter per organization that moves whenever anything a registry list shows changes (a connection's row or the
-- names of its secrets), kept by triggers so that no write path, process or replica can forget it. Readers compare it
-- to decide whether a list they built earlier still holds.

ALTER TABLE organizations ADD COLUMN connections_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION berth_connections_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'connections' THEN
        IF TG_OP <> 'INSERT' THEN
            UPDATE organizations SET connections_version = connections_version + 1 WHERE id = OLD.organization_id;
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.organization_id <> OLD.organization_id) THEN
            UPDATE organizations SET connections_version = connections_version + 1 WHERE id = NEW.organization_id;
        END IF;
    ELSE
        UPDATE organizations SET connections_version = connections_version + 1
        WHERE id = (SELECT organization_id FROM connections
                    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.connection_id ELSE NEW.connection_id END);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER connections_version AFTER INSERT OR UPDATE OR DELETE ON connections
    FOR EACH ROW EXECUTE FUNCTION berth_connections_version_bump();

CREATE TRIGGER connection_secrets_version AFTER INSERT OR UPDATE OR DELETE ON connection_secrets
    FOR EACH ROW EXECUTE FUNCTION berth_connections_version_bump();
