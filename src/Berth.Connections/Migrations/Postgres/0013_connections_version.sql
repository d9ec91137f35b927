-- A counter per organization that moves whenever anything a registry list shows changes (a connection's row or the
-- names of its secrets), kept by triggers so that no write path, process or replica can forget it. Readers compare it
-- to decide whether a list they built earlier still holds.

ALTER TABLE organizations ADD COLUMN connections_version bigint NOT NULL DEFAULT 0;

-- The same triggers announce the change (NOTIFY berth_connections, payload the organization id, sent at commit), so a
-- server that listens can remember versions and skip reading them.
CREATE FUNCTION berth_connections_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    org uuid;
BEGIN
    IF TG_TABLE_NAME = 'connections' THEN
        IF TG_OP <> 'INSERT' THEN
            UPDATE organizations SET connections_version = connections_version + 1 WHERE id = OLD.organization_id;
            PERFORM pg_notify('berth_connections', OLD.organization_id::text);
        END IF;
        IF TG_OP = 'INSERT' THEN
            UPDATE organizations SET connections_version = connections_version + 1 WHERE id = NEW.organization_id;
            PERFORM pg_notify('berth_connections', NEW.organization_id::text);
        ELSIF TG_OP = 'UPDATE' THEN
            IF NEW.organization_id <> OLD.organization_id THEN
                UPDATE organizations SET connections_version = connections_version + 1 WHERE id = NEW.organization_id;
                PERFORM pg_notify('berth_connections', NEW.organization_id::text);
            END IF;
        END IF;
    ELSE
        IF TG_OP = 'DELETE' THEN
            SELECT organization_id INTO org FROM connections WHERE id = OLD.connection_id;
        ELSE
            SELECT organization_id INTO org FROM connections WHERE id = NEW.connection_id;
        END IF;
        IF org IS NOT NULL THEN
            UPDATE organizations SET connections_version = connections_version + 1 WHERE id = org;
            PERFORM pg_notify('berth_connections', org::text);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER connections_version AFTER INSERT OR UPDATE OR DELETE ON connections
    FOR EACH ROW EXECUTE FUNCTION berth_connections_version_bump();

CREATE TRIGGER connection_secrets_version AFTER INSERT OR UPDATE OR DELETE ON connection_secrets
    FOR EACH ROW EXECUTE FUNCTION berth_connections_version_bump();
