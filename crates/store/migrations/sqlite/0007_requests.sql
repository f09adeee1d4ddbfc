-- Access requests (form 2490, M4): filed online, approved (M2, M5), then acted on by central
-- (M6, M19). What was filed is kept as a JSON document that never changes; each step is a
-- row of access_request_steps.
CREATE TABLE access_requests (
    id                   TEXT PRIMARY KEY,
    kind                 TEXT NOT NULL CHECK (kind IN ('new-code', 'change')),
    state                TEXT NOT NULL CHECK (state IN ('awaiting-approval', 'approved',
        'refused', 'withdrawn', 'issued', 'applied', 'awaiting-email', 'rejected')),
    neq                  TEXT NOT NULL,
    -- The organization once it exists; a first request creates it when central acts.
    org_id               TEXT REFERENCES organizations (id),
    -- The person concerned: the requester of a change; for a new code, set when issued.
    person_id            TEXT REFERENCES people (id),
    requester_account_id TEXT REFERENCES accounts (id),
    for_principal        BOOLEAN NOT NULL,
    approval             TEXT NOT NULL CHECK (approval IN ('manager', 'officer',
        'manager-until-officer')),
    approver_email       TEXT NOT NULL,
    requester_email      TEXT NOT NULL,
    document             TEXT NOT NULL,
    -- The digest of the form's one-time key. Submitting the same form twice finds the first
    -- request; the key is also the requester's link to follow, print or withdraw it.
    key_digest           TEXT NOT NULL UNIQUE,
    filed_at             BIGINT NOT NULL,
    approved_at          BIGINT,
    closed_at            BIGINT
);
CREATE INDEX access_requests_by_state ON access_requests (state, approved_at);
CREATE INDEX access_requests_by_neq ON access_requests (neq, state);
CREATE INDEX access_requests_by_org ON access_requests (org_id, state);

CREATE TABLE access_request_steps (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES access_requests (id),
    at          BIGINT NOT NULL,
    state       TEXT NOT NULL,
    actor_id    TEXT REFERENCES accounts (id),
    -- Who acted, as shown: a name, « Un agent du Groupe central de la sécurité »…
    actor_label TEXT NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX access_request_steps_by_request ON access_request_steps (request_id, at);

-- Single-use links: the approver's (M5) and the new email's confirmation (M19).
CREATE TABLE request_links (
    digest     TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES access_requests (id),
    purpose    TEXT NOT NULL CHECK (purpose IN ('approve', 'confirm-email')),
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX request_links_by_request ON request_links (request_id);

-- A non-profit's board resolution (M5): a PDF, kept with its SHA-256.
CREATE TABLE request_attachments (
    request_id TEXT PRIMARY KEY REFERENCES access_requests (id),
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    size       BIGINT NOT NULL,
    content    BLOB NOT NULL
);
