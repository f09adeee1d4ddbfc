-- The outbox: every email, written in the same transaction as the change that causes it.
-- A job of kind 'mail' delivers it. A row is sent at most once: it is marked 'sending' before
-- the attempt, and one found still 'sending' (its worker died mid-attempt) becomes
-- 'uncertain' for an operator to check, never re-sent by itself.
CREATE TABLE outbox (
    id          TEXT PRIMARY KEY,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    template    TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT
);
CREATE INDEX outbox_by_recipient ON outbox (recipient, created_at);
