-- Who signs in: a person of an organization (member) or a central agent. A member's name and
-- email are the person's; a central agent's are kept here.
CREATE TABLE accounts (
    id                  TEXT PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('member', 'central')),
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
    inactive_cause      TEXT CHECK (inactive_cause IN ('lockout', 'self', 'officer', 'central', 'expired')),
    inactive_since      BIGINT,
    -- The user code's validity (M17), a Quebec date; none for central agents.
    expires_on          TEXT,
    created_at          BIGINT NOT NULL,
    CHECK ((kind = 'member') = (person_id IS NOT NULL)),
    CHECK ((kind = 'central') = (name IS NOT NULL AND email IS NOT NULL)),
    CHECK (active = (inactive_cause IS NULL))
);

-- Registration codes (M6, M7): stored as a digest, usable through valid_through (a Quebec
-- date), suspended after 5 wrong NAS partiels.
CREATE TABLE registration_codes (
    id                TEXT PRIMARY KEY,
    person_id         TEXT NOT NULL REFERENCES people (id),
    code_digest       TEXT NOT NULL UNIQUE,
    issued_at         BIGINT NOT NULL,
    issued_by         TEXT NOT NULL REFERENCES accounts (id),
    valid_through     TEXT NOT NULL,
    access_expires_on TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'used', 'replaced')),
    failed_tries      INTEGER NOT NULL DEFAULT 0,
    used_at           BIGINT
);
CREATE INDEX registration_codes_by_person ON registration_codes (person_id, issued_at);

-- Second-factor codes sent by email (E2): single use, short-lived.
CREATE TABLE sign_in_codes (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    code_digest TEXT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX sign_in_codes_by_account ON sign_in_codes (account_id, expires_at);

-- Sessions: the browser holds an opaque id; the database holds its digest.
CREATE TABLE sessions (
    id_digest    TEXT PRIMARY KEY,
    stage        TEXT NOT NULL CHECK (stage IN ('second-factor', 'signed-in', 'registering')),
    account_id   TEXT REFERENCES accounts (id),
    -- While registering: the registration code being used.
    registration_code_id TEXT REFERENCES registration_codes (id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    CHECK ((stage = 'registering') = (registration_code_id IS NOT NULL)),
    CHECK ((stage = 'registering') = (account_id IS NULL))
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Every event of the credential lifecycle: who, when, from where, what, why.
CREATE TABLE audit_log (
    id             TEXT PRIMARY KEY,
    at             BIGINT NOT NULL,
    actor_id       TEXT REFERENCES accounts (id),
    org_id         TEXT REFERENCES organizations (id),
    person_id      TEXT REFERENCES people (id),
    action         TEXT NOT NULL,
    detail         TEXT NOT NULL,
    client_address TEXT
);
CREATE INDEX audit_log_by_org ON audit_log (org_id, at);
CREATE INDEX audit_log_by_person ON audit_log (person_id, at);
