-- An agency's contracts and agreements with organizations (« contrats / ententes »): they
-- open the menu's agency sections (M9), and three months after an organization's last one
-- ends, the codes that served only them are deactivated (M20).
CREATE TABLE contracts (
    id         TEXT PRIMARY KEY,
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    org_id     TEXT NOT NULL REFERENCES organizations (id),
    kind       TEXT NOT NULL CHECK (kind IN ('training', 'sae-ppe', 'billing')),
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK (starts_on <= ends_on)
);
CREATE INDEX contracts_by_org ON contracts (org_id, ends_on);
CREATE INDEX contracts_by_agency ON contracts (agency_id, ends_on);

-- M20's steps, each recorded once per organization and last contract's end: the warning
-- when it ends, the deactivation three months later.
CREATE TABLE contract_end_steps (
    org_id     TEXT NOT NULL REFERENCES organizations (id),
    last_day   TEXT NOT NULL,
    step       TEXT NOT NULL CHECK (step IN ('warned', 'deactivated')),
    done_at    BIGINT NOT NULL,
    PRIMARY KEY (org_id, last_day, step)
);
