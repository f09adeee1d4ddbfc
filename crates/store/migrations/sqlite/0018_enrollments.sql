-- E3: the "other information" an agency asks on its enrollment form, typed fields in both
-- languages; a choice field's choices as a JSON array of {"fr", "en"}.
CREATE TABLE enrollment_fields (
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    code       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice', 'yes-no')),
    label_fr   TEXT NOT NULL,
    label_en   TEXT NOT NULL,
    help_fr    TEXT NOT NULL,
    help_en    TEXT NOT NULL,
    required   INTEGER NOT NULL CHECK (required IN (0, 1)),
    choices    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, code)
);

-- An enrollment being filled in, one per organization and agency, saved after each step so
-- that it survives an expired session; any officer of the organization may finish it.
CREATE TABLE enrollment_drafts (
    org_id     TEXT NOT NULL REFERENCES organizations (id),
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    content    TEXT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES accounts (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, agency_id)
);

-- E1–E5: a transmitted request, its content as the agency received it (JSON), and its state:
-- a built-in state's code or one of the agency's own.
CREATE TABLE enrollments (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations (id),
    agency_id    TEXT NOT NULL REFERENCES agencies (id),
    submitted_by TEXT NOT NULL REFERENCES accounts (id),
    submitted_at BIGINT NOT NULL,
    content      TEXT NOT NULL,
    state_code   TEXT NOT NULL,
    state_at     BIGINT NOT NULL
);
CREATE INDEX enrollments_by_org ON enrollments (org_id, submitted_at);
CREATE INDEX enrollments_by_agency ON enrollments (agency_id, submitted_at);
CREATE INDEX enrollments_by_agency_state ON enrollments (agency_id, state_code, submitted_at);
-- One request stands per organization and agency until the agency refuses it (E4): two
-- officers transmitting at once, or a refused request taken up again, cannot make two.
CREATE UNIQUE INDEX enrollments_standing ON enrollments (org_id, agency_id)
    WHERE state_code <> 'REFUSE';

-- Each state a request took, with the agency's comment, in order.
CREATE TABLE enrollment_events (
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    seq           INTEGER NOT NULL,
    state_code    TEXT NOT NULL,
    comment       TEXT NOT NULL,
    actor         TEXT REFERENCES accounts (id),
    at            BIGINT NOT NULL,
    PRIMARY KEY (enrollment_id, seq)
);
