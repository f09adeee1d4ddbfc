-- The foundation: agencies and their catalog, organizations and their people.
-- Portable types only (see crates/store/src/lib.rs): ids are UUID text, instants are
-- BIGINT microseconds since the Unix epoch (UTC), dates are 'YYYY-MM-DD' text.

CREATE TABLE agencies (
    id               TEXT PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    name_fr          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    contact_name     TEXT NOT NULL,
    contact_phone    TEXT NOT NULL,
    contact_email    TEXT NOT NULL,
    contact_hours_fr TEXT NOT NULL,
    contact_hours_en TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);

CREATE TABLE online_services (
    id             TEXT PRIMARY KEY,
    agency_id      TEXT NOT NULL REFERENCES agencies (id),
    code           TEXT NOT NULL,
    name_fr        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    description_fr TEXT NOT NULL,
    description_en TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    UNIQUE (agency_id, code)
);

CREATE TABLE service_tasks (
    id         TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES online_services (id),
    code       TEXT NOT NULL,
    name_fr    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (service_id, code)
);

CREATE TABLE organizations (
    id               TEXT PRIMARY KEY,
    neq              TEXT NOT NULL UNIQUE CHECK (length(neq) = 10),
    name             TEXT NOT NULL,
    address          TEXT NOT NULL,
    city             TEXT NOT NULL,
    postal_code      TEXT NOT NULL,
    phone            TEXT NOT NULL,
    phone_extension  TEXT,
    education_number TEXT UNIQUE,
    created_at       BIGINT NOT NULL
);

CREATE TABLE people (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations (id),
    title           TEXT CHECK (title IN ('monsieur', 'madame')),
    last_name       TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    -- HMAC-SHA-256 of the NAS partiel under the server's key; never the digits.
    nas_digest      TEXT NOT NULL CHECK (length(nas_digest) = 64),
    email           TEXT NOT NULL,
    phone           TEXT NOT NULL,
    phone_extension TEXT,
    fax             TEXT,
    created_at      BIGINT NOT NULL,
    UNIQUE (org_id, nas_digest)
);
CREATE INDEX people_by_nas_digest ON people (nas_digest);

CREATE TABLE person_profiles (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    profile   TEXT NOT NULL CHECK (profile IN (
        'principal-officer', 'auxiliary-officer', 'individual-files',
        'individual-files-with-extraction', 'individual-files-without-extraction',
        'enterprise-files')),
    PRIMARY KEY (person_id, profile)
);

CREATE TABLE person_roles (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('manager', 'representative')),
    PRIMARY KEY (person_id, role)
);

-- Durable jobs: claimed by workers, retried with backoff, kept once done for the record.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'dead')),
    run_at       BIGINT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX jobs_ready ON jobs (state, run_at);
