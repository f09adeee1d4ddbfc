-- The authenticator app of the second factor (E2). Its key is sealed (encrypted) by the
-- server under a key kept outside the database. A new key waits in `pending_sealed` until
-- the person confirms one of its codes; `last_step` refuses a code used before.
CREATE TABLE authenticators (
    account_id     TEXT PRIMARY KEY REFERENCES accounts (id),
    pending_sealed TEXT,
    active_sealed  TEXT,
    confirmed_at   BIGINT,
    last_step      BIGINT NOT NULL DEFAULT 0
);

-- Ten single-use recovery codes per account, stored as digests, for when neither the email
-- nor the app is at hand.
CREATE TABLE recovery_codes (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    code_digest TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX recovery_codes_by_account ON recovery_codes (account_id, code_digest);
