-- The daily expiry job (M18): a job may carry a key that makes it unique (one run a day,
-- whatever the number of workers), and each notice sent before a code expires is recorded,
-- so that a job run twice, or by two workers, sends it once.
ALTER TABLE jobs ADD COLUMN unique_key TEXT;
CREATE UNIQUE INDEX jobs_by_unique_key ON jobs (unique_key);

CREATE TABLE expiry_notices (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    expires_on TEXT NOT NULL,
    days       INTEGER NOT NULL,
    sent_at    BIGINT NOT NULL,
    PRIMARY KEY (account_id, expires_on, days)
);

CREATE INDEX accounts_by_expiry ON accounts (active, expires_on);
