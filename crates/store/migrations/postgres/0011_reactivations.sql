-- Reactivations asked of central (M16): an officer asks when the code is beyond what
-- officers may reactivate; central acts within one business day for a lockout, two for an
-- expired code. One request at most is open per code.
CREATE TABLE reactivation_requests (
    id                TEXT PRIMARY KEY,
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    org_id            TEXT NOT NULL REFERENCES organizations (id),
    person_id         TEXT NOT NULL REFERENCES people (id),
    kind              TEXT NOT NULL CHECK (kind IN ('lockout', 'expired', 'other')),
    requested_by      TEXT NOT NULL REFERENCES accounts (id),
    requested_at      BIGINT NOT NULL,
    reason            TEXT NOT NULL,
    requested_expiry  TEXT,
    due_on            TEXT NOT NULL,
    closed_at         BIGINT,
    closed_by         TEXT REFERENCES accounts (id),
    outcome           TEXT CHECK (outcome IN ('reactivated', 'refused')),
    outcome_note      TEXT,
    CHECK ((closed_at IS NULL) = (outcome IS NULL))
);

CREATE UNIQUE INDEX one_open_reactivation ON reactivation_requests (account_id)
    WHERE closed_at IS NULL;
CREATE INDEX reactivations_due ON reactivation_requests (closed_at, due_on, requested_at);
