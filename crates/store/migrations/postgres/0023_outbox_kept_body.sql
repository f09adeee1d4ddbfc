-- Issue 19, item 5: once an email is delivered (or given up, or its attempt left uncertain),
-- the outbox keeps its body with the secret parts masked (codes, temporary passwords,
-- single-use links), written beside the body when the email is queued. Bodies delivered
-- before this migration kept their secrets: they are emptied.
ALTER TABLE outbox ADD COLUMN kept_body TEXT NOT NULL DEFAULT '';
UPDATE outbox SET body = '' WHERE state IN ('sent', 'failed', 'uncertain');
