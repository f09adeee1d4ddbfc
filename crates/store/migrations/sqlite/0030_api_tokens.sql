-- Issue 21: the officers' API tokens. An officer makes one for the organization's
-- automation: its name, its scope ('read', or 'write' which reads too) and its last day, at
-- most a year ahead. The token itself is shown once and kept as its SHA-256 digest (it is
-- 256 random bits). It acts as the officer who made it, while they are an active officer
-- of the organization, until it expires or is revoked.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations (id),
    created_by   TEXT NOT NULL REFERENCES accounts (id),
    name         TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    digest       TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    expires_on   TEXT NOT NULL,
    revoked_at   BIGINT,
    revoked_by   TEXT REFERENCES accounts (id),
    last_used_at BIGINT
);
CREATE INDEX api_tokens_by_org ON api_tokens (org_id, created_at);
