-- no-transaction
-- Agencies' own staff sign in (issue 7): an account is now a member of an organization, a
-- central agent or a person of an agency, whose administrators manage the agency's staff.
-- SQLite cannot change a table's checks, so the table is rebuilt as its documentation says
-- (« Making Other Kinds Of Table Schema Changes »): foreign keys off, one transaction, the
-- keys checked before the commit, then on again. Hence no transaction of sqlx's around it.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE accounts_rebuilt (
    id                  TEXT PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('member', 'central', 'agency')),
    person_id           TEXT UNIQUE REFERENCES people (id),
    name                TEXT,
    email               TEXT,
    user_code           TEXT NOT NULL,
    user_code_key       TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL,
    password_temporary  BOOLEAN NOT NULL,
    password_changed_at BIGINT NOT NULL,
    failed_sign_ins     INTEGER NOT NULL DEFAULT 0,
    active              BOOLEAN NOT NULL,
    inactive_cause      TEXT CHECK (inactive_cause IN ('lockout', 'self', 'officer', 'central', 'expired', 'agency', 'contracts-ended')),
    inactive_since      BIGINT,
    -- The user code's validity (M17), a Quebec date; none for central and agency staff.
    expires_on          TEXT,
    created_at          BIGINT NOT NULL,
    inactive_reason     TEXT,
    org_id              TEXT REFERENCES organizations (id),
    agency_id           TEXT REFERENCES agencies (id),
    agency_admin        BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK ((kind = 'member') = (person_id IS NOT NULL)),
    CHECK ((kind = 'member') = (org_id IS NOT NULL)),
    CHECK ((kind = 'agency') = (agency_id IS NOT NULL)),
    CHECK ((kind = 'member') = (name IS NULL)),
    CHECK ((kind = 'member') = (email IS NULL)),
    CHECK (agency_admin = FALSE OR kind = 'agency'),
    CHECK (active = (inactive_cause IS NULL))
);

INSERT INTO accounts_rebuilt (id, kind, person_id, name, email, user_code, user_code_key,
    password_hash, password_temporary, password_changed_at, failed_sign_ins, active,
    inactive_cause, inactive_since, expires_on, created_at, inactive_reason, org_id)
SELECT id, kind, person_id, name, email, user_code, user_code_key,
    password_hash, password_temporary, password_changed_at, failed_sign_ins, active,
    inactive_cause, inactive_since, expires_on, created_at, inactive_reason, org_id
FROM accounts;

DROP TABLE accounts;
ALTER TABLE accounts_rebuilt RENAME TO accounts;

CREATE INDEX accounts_by_expiry ON accounts (active, expires_on);
CREATE INDEX accounts_in_file ON accounts (person_id, active, user_code, expires_on, id);
CREATE INDEX accounts_by_org ON accounts (org_id, user_code_key, person_id);
CREATE INDEX accounts_by_agency ON accounts (agency_id, name);

-- Stops the migration, before the commit, if any row would name an account that is not there.
CREATE TEMP TABLE foreign_keys_hold (dangling INTEGER CHECK (dangling = 0));
INSERT INTO foreign_keys_hold SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE foreign_keys_hold;

COMMIT;
PRAGMA foreign_keys = ON;
