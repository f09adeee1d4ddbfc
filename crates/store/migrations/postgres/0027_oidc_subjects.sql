-- The pairwise subjects each agency received (issue 21): the authorization API names a
-- person by the `sub` that agency knows, which cannot be computed back into an account.
-- Recorded when tokens are issued to one of the agency's clients.
CREATE TABLE oidc_subjects (
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    subject    TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (agency_id, subject)
);
