-- Agencies' own staff sign in (issue 7): an account is now a member of an organization, a
-- central agent or a person of an agency, whose administrators manage the agency's staff.
-- The table's checks had generated names; they are replaced by named ones.
ALTER TABLE accounts ADD COLUMN agency_id TEXT REFERENCES agencies (id);
ALTER TABLE accounts ADD COLUMN agency_admin BOOLEAN NOT NULL DEFAULT FALSE;

DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'accounts'::regclass AND contype = 'c' LOOP
        EXECUTE format('ALTER TABLE accounts DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;

ALTER TABLE accounts
    ADD CONSTRAINT accounts_kind CHECK (kind IN ('member', 'central', 'agency')),
    ADD CONSTRAINT accounts_inactive_cause
        CHECK (inactive_cause IN ('lockout', 'self', 'officer', 'central', 'expired', 'agency', 'contracts-ended')),
    ADD CONSTRAINT accounts_member_person CHECK ((kind = 'member') = (person_id IS NOT NULL)),
    ADD CONSTRAINT accounts_member_org CHECK ((kind = 'member') = (org_id IS NOT NULL)),
    ADD CONSTRAINT accounts_agency CHECK ((kind = 'agency') = (agency_id IS NOT NULL)),
    ADD CONSTRAINT accounts_own_name CHECK ((kind = 'member') = (name IS NULL)),
    ADD CONSTRAINT accounts_own_email CHECK ((kind = 'member') = (email IS NULL)),
    ADD CONSTRAINT accounts_agency_admin CHECK (agency_admin = FALSE OR kind = 'agency'),
    ADD CONSTRAINT accounts_active CHECK (active = (inactive_cause IS NULL));

CREATE INDEX accounts_by_agency ON accounts (agency_id, name);
