-- Issue 19, item 2: a manager's approval rests on an address the requester typed. When that
-- address is no manager's or officer's on file (or the organization is new), central checks
-- the approver by other means before it issues a code or makes a change, and records who
-- checked, when and how: one check per request.
CREATE TABLE request_approver_checks (
    request_id TEXT PRIMARY KEY REFERENCES access_requests (id),
    checked_by TEXT NOT NULL REFERENCES accounts (id),
    checked_at BIGINT NOT NULL,
    how        TEXT NOT NULL
);
